using System.Security.Cryptography;
using System.Text;
using Public.Web.AirQuality.Import;

namespace Public.Web.Infrastructure;

/// <summary>
/// The text of one file to import, as every record importer reads it: the bytes' SHA-256 (recorded with the import),
/// strict UTF-8 (with or without BOM, the BOM removed), or the one problem that stops the file — unreadable, or not
/// UTF-8 with the line of the first bad byte.
/// </summary>
internal sealed record ImportFileText(string Name, string Sha256, string Text, ImportProblem? Problem)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static ImportFileText Read(string path, string name)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ImportFileText(name, "", "", new ImportProblem(name, 0, null, $"cannot read the file: {e.Message}"));
        }

        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        try
        {
            return new ImportFileText(name, sha, StrictUtf8.GetString(bytes).TrimStart('\uFEFF'), null);
        }
        catch (DecoderFallbackException e)
        {
            var line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            return new ImportFileText(name, sha, "", new ImportProblem(name, line, null, "the file is not valid UTF-8 (save it as UTF-8, with or without BOM)"));
        }
    }
}
