namespace Public.Web.Export;

internal sealed partial class SiteExporter
{
    /// <summary>
    /// The files of the last few manifests this process wrote or read, with the manifests' very bytes: an export reads
    /// the manifest of the export in the target and of the kept previous one (<see cref="ExportOptions.KeepPrevious"/>),
    /// both most often written by this very process a moment ago, so they are found here and not parsed again (a few
    /// megabytes of JSON with every page's links). Found only when the bytes read are equal to the bytes kept, byte for
    /// byte (a comparison of memory, where hashing the two megabytes of a manifest with 1,000 releases took some 4 ms each
    /// time, three or four times an export), so an entry can never stand for other bytes.
    /// </summary>
    private static class KnownManifests
    {
        private const int Kept = 4;
        private static readonly Lock _gate = new();
        private static readonly LinkedList<(byte[] Manifest, IReadOnlyDictionary<string, PreviousFile> Files)> _known = new();

        public static IReadOnlyDictionary<string, PreviousFile>? Find(ReadOnlySpan<byte> manifest)
        {
            lock (_gate)
            {
                foreach (var (known, files) in _known)
                {
                    if (known.AsSpan().SequenceEqual(manifest))
                    {
                        return files;
                    }
                }

                return null;
            }
        }

        /// <summary>The length of the manifest remembered last (the next one is about as long: its buffer is sized by it).</summary>
        public static int LastLength { get; private set; }

        public static void Remember(byte[] manifest, IReadOnlyDictionary<string, PreviousFile> files)
        {
            lock (_gate)
            {
                LastLength = manifest.Length;
                if (_known.Any(k => k.Manifest.AsSpan().SequenceEqual(manifest)))
                {
                    return;
                }

                _known.AddFirst((manifest, files));
                while (_known.Count > Kept)
                {
                    _known.RemoveLast();
                }
            }
        }
    }
}
