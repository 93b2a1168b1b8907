using Public.Web.Contract;

namespace Public.Web.Transparency;

[Resource("LogCheckpoint", "日志检查点", "The last signed checkpoint of the transparency log (C2SP tlog-checkpoint, signed note).")]
public sealed record CheckpointDto(
    [property: Field("来源标识", "Log origin: our host + /log; also the name of the signing key.", Example = "localhost/log")] string Origin,
    [property: Field("树大小", "Leaves in the signed tree.")] long TreeSize,
    [property: Field("根哈希", "RFC 6962 Merkle root of the first treeSize leaves, base64.")] string RootHash,
    [property: Field("签名检查点", "The signed checkpoint note, exactly as served at /log/checkpoint.")] string Note,
    [property: Field("验证公钥", "The log's verifier key: name+keyid+base64(0x01 ‖ Ed25519 public key).")] string VerifierKey);

[Resource("LogInclusionProof", "包含证明", "Proof that one record version is a leaf of the signed log (RFC 9162 §2.1.3).")]
public sealed record InclusionProofDto(
    [property: Field("数据集", "Dataset of the record, as logged.")] string Dataset,
    [property: Field("记录编号", "Record id, as logged.")] string Id,
    [property: Field("版本", "Record version.")] long Version,
    [property: Field("叶序号", "0-based index of the record version's leaf.")] long LeafIndex,
    [property: Field("叶哈希", "SHA-256(0x00 ‖ envelope), base64.")] string LeafHash,
    [property: Field("叶内容", "The leaf envelope (UTF-8 text, LF after every line).")] string Envelope,
    [property: Field("审计路径", "The audit path, base64 hashes, leaf to root.")] IReadOnlyList<string> AuditPath,
    [property: Field("树大小", "Leaves in the signed tree the proof is for.")] long TreeSize,
    [property: Field("根哈希", "Root hash of that tree, base64.")] string RootHash,
    [property: Field("签名检查点", "The signed checkpoint of that tree.")] string Checkpoint);

[Resource("LogConsistencyProof", "一致性证明", "Proof that the tree of `to` leaves extends the tree of `from` leaves (RFC 9162 §2.1.4).")]
public sealed record ConsistencyProofDto(
    [property: Field("较小树大小", "Leaves of the older tree.")] long From,
    [property: Field("较大树大小", "Leaves of the newer tree.")] long To,
    [property: Field("较小树根哈希", "Root hash of the older tree, base64.")] string FromRootHash,
    [property: Field("较大树根哈希", "Root hash of the newer tree, base64.")] string ToRootHash,
    [property: Field("证明", "The consistency proof, base64 hashes.")] IReadOnlyList<string> Proof,
    [property: Field("较小树检查点", "The signed checkpoint of the older tree, when one was signed at that size.")] string? FromCheckpoint,
    [property: Field("较大树检查点", "The signed checkpoint of the newer tree, when one was signed at that size.")] string? ToCheckpoint);

[Resource("LogWitness", "日志见证方", "A witness configured for the log (C2SP tlog-witness) and the latest checkpoint it cosigned (C2SP tlog-cosignature).")]
public sealed record WitnessDto(
    [property: Field("名称", "The witness's key name.", Example = "witness.example.org/w1")] string Name,
    [property: Field("验证公钥", "The witness's verifier key: name+keyid+base64(0x04 ‖ Ed25519 public key).")] string VerifierKey,
    [property: Field("已联署树大小", "Leaves in the latest checkpoint the witness cosigned; null before its first cosignature.")] long? CosignedTreeSize,
    [property: Field("联署时间", "When the witness says it cosigned (its timestamp), Asia/Shanghai (+08:00); null before its first cosignature.")] DateTimeOffset? CosignedAt,
    [property: Field("联署时间（UTC）", "The same time in UTC.")] DateTimeOffset? CosignedAtUtc,
    [property: Field("联署检查点", "Path of that checkpoint with the witnesses' cosignature lines appended; null before the first cosignature.")] string? Cosignatures);

/// <summary>
/// Where a published record version is in the transparency log. Carried as <c>log</c> by every versioned record in
/// REST and GraphQL answers; null only for a version the log does not hold yet (a store from before the log, until its
/// back-fill has run).
/// </summary>
[Resource("LogRef", "透明日志引用", "Where this record version is in the transparency log: its leaf index (ask /api/v1/log/proof/inclusion for the proof) and the SHA-256 of its exact published bytes (served at /log/records/{dataset}/{id}/v{version}.json).")]
public sealed record LogRefDto(
    [property: Field("叶序号", "0-based index of this record version's leaf (its envelope) in the Merkle log.", Example = "251")] long Index,
    [property: Field("记录哈希", "SHA-256 of the record version's exact published bytes, lowercase hex (64 characters).", Example = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")] string Sha256);

/// <summary>The one declaration of the <c>log</c> field that every versioned record carries (attribute arguments must be constants).</summary>
public static class LogRefField
{
    public const string Zh = "透明日志";
    public const string En = "This version in the transparency log: its leaf index and the SHA-256 of its exact published bytes; null while the log does not hold it.";
}
