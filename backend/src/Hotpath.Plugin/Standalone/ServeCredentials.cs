using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Hotpath.Plugin.Standalone;

/// <summary>
/// The credentials <c>serve</c> accepts: bearer tokens (<c>--auth-token-file</c>, one per line) and
/// basic-auth users (<c>--basic-auth-file</c>, <c>user:HASH</c> lines, HASH written by
/// <c>gpx_hotpath hash-password</c>). Pyroscope's SDKs, Alloy and Grafana's Pyroscope data source
/// send either. Only digests are held: tokens as SHA-256 (they are long random strings), passwords
/// as PBKDF2-SHA256 with a salt; every comparison is constant-time.
/// </summary>
internal sealed class ServeCredentials
{
    /// <summary>PBKDF2 iterations of new hashes (OWASP's 2023 figure for SHA-256).</summary>
    public const int Iterations = 600_000;
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    private readonly List<byte[]> _tokenDigests;
    private readonly Dictionary<string, PasswordHash> _users;

    // PBKDF2 is slow on purpose, and an agent sends the same header every few seconds: remember
    // the digests of headers that verified. Bounded, so guessing cannot grow it.
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    private const int MaxRemembered = 1024;

    private ServeCredentials(List<byte[]> tokenDigests, Dictionary<string, PasswordHash> users)
    {
        _tokenDigests = tokenDigests;
        _users = users;
    }

    public bool HasBasicUsers => _users.Count > 0;

    /// <summary>Reads the files given (either may be null); throws <see cref="FormatException"/> naming the file and line that is wrong.</summary>
    public static ServeCredentials Load(string? tokenFile, string? basicAuthFile)
    {
        var tokens = new List<byte[]>();
        if (tokenFile is not null)
        {
            foreach (var (line, number) in Lines(tokenFile))
            {
                if (line.Length < 16)
                {
                    throw new FormatException($"--auth-token-file '{tokenFile}' line {number}: a token needs at least 16 characters");
                }
                tokens.Add(SHA256.HashData(Encoding.UTF8.GetBytes(line)));
            }
            if (tokens.Count == 0)
            {
                throw new FormatException($"--auth-token-file '{tokenFile}' holds no token");
            }
        }
        var users = new Dictionary<string, PasswordHash>(StringComparer.Ordinal);
        if (basicAuthFile is not null)
        {
            foreach (var (line, number) in Lines(basicAuthFile))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0 || PasswordHash.Parse(line[(colon + 1)..]) is not { } hash)
                {
                    throw new FormatException($"--basic-auth-file '{basicAuthFile}' line {number}: expected USER:HASH with HASH from 'gpx_hotpath hash-password'");
                }
                if (!users.TryAdd(line[..colon], hash))
                {
                    throw new FormatException($"--basic-auth-file '{basicAuthFile}' line {number}: user '{line[..colon]}' given twice");
                }
            }
            if (users.Count == 0)
            {
                throw new FormatException($"--basic-auth-file '{basicAuthFile}' holds no user");
            }
        }
        return new ServeCredentials(tokens, users);
    }

    /// <summary>Whether an <c>Authorization</c> header value carries one of the accepted credentials.</summary>
    public bool Verify(string? authorization)
    {
        if (string.IsNullOrEmpty(authorization))
        {
            return false;
        }
        var remembered = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(authorization)));
        if (_verified.ContainsKey(remembered))
        {
            return true;
        }
        var ok = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? VerifyToken(authorization[7..].Trim())
            : authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase) && VerifyBasic(authorization[6..].Trim());
        if (ok && _verified.Count < MaxRemembered)
        {
            _verified.TryAdd(remembered, true);
        }
        return ok;
    }

    private bool VerifyToken(string token)
    {
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(token));
        var match = false;
        foreach (var candidate in _tokenDigests)
        {
            match |= CryptographicOperations.FixedTimeEquals(candidate, digest);
        }
        return match;
    }

    private bool VerifyBasic(string encoded)
    {
        string pair;
        try
        {
            pair = Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return false;
        }
        var colon = pair.IndexOf(':', StringComparison.Ordinal);
        return colon > 0 && _users.TryGetValue(pair[..colon], out var hash) && hash.Matches(pair[(colon + 1)..]);
    }

    /// <summary>A new <c>pbkdf2-sha256$ITERATIONS$SALT$HASH</c> (base64) for a password.</summary>
    public static string HashPassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, Iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${Iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }

    private static IEnumerable<(string Line, int Number)> Lines(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"cannot read '{path}': {e.Message}");
        }
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length > 0 && !line.StartsWith('#'))
            {
                yield return (line, i + 1);
            }
        }
    }

    private sealed record PasswordHash(int Iterations, byte[] Salt, byte[] Hash)
    {
        public static PasswordHash? Parse(string text)
        {
            var parts = text.Split('$');
            if (parts.Length != 4 || parts[0] != Scheme
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) || iterations < 1)
            {
                return null;
            }
            try
            {
                return new PasswordHash(iterations, Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]));
            }
            catch (FormatException)
            {
                return null;
            }
        }

        public bool Matches(string password) => CryptographicOperations.FixedTimeEquals(
            Rfc2898DeriveBytes.Pbkdf2(password, Salt, Iterations, HashAlgorithmName.SHA256, Hash.Length), Hash);
    }
}
