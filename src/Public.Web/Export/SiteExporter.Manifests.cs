using System.Security.Cryptography;

namespace Public.Web.Export;

internal sealed partial class SiteExporter
{
    /// <summary>
    /// The files of the last few manifests this process wrote or read, by the SHA-256 of their bytes: an export reads
    /// the manifest of the export in the target and of the kept previous one (<see cref="ExportOptions.KeepPrevious"/>),
    /// both most often written by this very process a moment ago, so they are found here and not parsed again (a few
    /// megabytes of JSON with every page's links). Keyed by content, an entry can never stand for other bytes.
    /// </summary>
    private static class KnownManifests
    {
        private const int Kept = 4;
        private static readonly Lock _gate = new();
        private static readonly LinkedList<(byte[] Sha256, IReadOnlyDictionary<string, PreviousFile> Files)> _known = new();

        public static IReadOnlyDictionary<string, PreviousFile>? Find(byte[] manifest)
        {
            var sha = SHA256.HashData(manifest);
            lock (_gate)
            {
                return _known.FirstOrDefault(k => k.Sha256.AsSpan().SequenceEqual(sha)).Files;
            }
        }

        public static void Remember(byte[] manifest, IReadOnlyDictionary<string, PreviousFile> files)
        {
            var sha = SHA256.HashData(manifest);
            lock (_gate)
            {
                if (_known.Any(k => k.Sha256.AsSpan().SequenceEqual(sha)))
                {
                    return;
                }

                _known.AddFirst((sha, files));
                while (_known.Count > Kept)
                {
                    _known.RemoveLast();
                }
            }
        }
    }
}
