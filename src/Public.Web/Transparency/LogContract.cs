using System.Data.Common;

namespace Public.Web.Transparency;

/// <summary>
/// The seam between the publication pipeline (which appends leaves inside each import's transaction) and the
/// transparency log (which turns the stored leaves into a Merkle tree, signed checkpoints, tiles and proofs).
/// <para>
/// Leaves are kept in <c>log_leaves</c>, one row per leaf, 0-based <c>idx</c> without gaps, never updated or deleted:
/// <c>idx</c>, <c>leaf</c> (the exact envelope bytes, <c>LogEnvelope</c>), <c>leaf_hash</c>
/// (RFC 6962 leaf hash SHA-256(0x00 ‖ leaf), 32 bytes), <c>kind</c> (<c>record</c>, <c>tombstone</c> or <c>batch</c>),
/// <c>dataset</c>, <c>record_id</c>, <c>version</c>, <c>record_sha256</c> (hex; null for a batch leaf) and <c>batch_id</c>.
/// The exact published bytes of each record version are kept in <c>log_records</c> (<c>dataset</c>, <c>record_id</c>,
/// <c>version</c>, <c>bytes</c>, <c>sha256</c>).
/// </para>
/// <para>
/// A leaf envelope is UTF-8 text, LF after every line, <c>key value</c> lines in this order (ids and names never hold a
/// line break; record ids are one URL path segment of <c>[A-Za-z0-9._-]</c>, so a record's bytes are served at
/// <c>/log/records/{dataset}/{id}/v{version}.json</c>):
/// <code>
/// bluesky-log/v1
/// kind record                      (record | tombstone | batch)
/// dataset station-hours            (record, tombstone)
/// id 1001A.2019-01-01T01           (record, tombstone)
/// version 2                        (record, tombstone: the tombstone takes the next version number)
/// sha256 &lt;hex of the record bytes&gt; (record; "none" for a tombstone)
/// previous &lt;hex&gt; | none          (record, tombstone: the sha256 of the version before)
/// batch 17                         (all)
/// </code>
/// A batch leaf (the last leaf of each batch) has instead, after <c>kind batch</c> and <c>batch N</c>:
/// <c>source &lt;importer&gt;</c>, one <c>file &lt;sha256&gt; &lt;name&gt;</c> line per file, <c>leaves &lt;count of this batch's
/// other leaves&gt;</c> and <c>published-at &lt;UTC ISO time&gt;</c> (the publisher's claim).
/// </para>
/// </summary>
internal interface ILogCheckpointWriter
{
    /// <summary>
    /// Called by the publication pipeline inside the import's transaction, after the batch's leaves are appended and
    /// before the commit, with the new tree size: computes the root over <c>log_leaves</c>, signs and stores the
    /// checkpoint. Throwing aborts the import (nothing is published without being logged).
    /// </summary>
    void WriteCheckpoint(DbConnection connection, DbTransaction transaction, long treeSize);
}
