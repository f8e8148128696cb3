using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using FluentAssertions;
using Hotpath.Plugin.Tests.Pyroscope.Serve;
using NUnit.Framework;

namespace Hotpath.Plugin.Tests.Standalone;

/// <summary>
/// Who may talk to the built <c>serve</c>: what a hostile page in the user's browser can send
/// (DNS rebinding, cross-site simple POSTs), credentials beyond loopback, CORS and TLS — each
/// checked over real HTTP, and for refused writes, checked that nothing was stored.
/// </summary>
[NonParallelizable]
public class ServeAccessTests
{
    private const string Resources = "/api/plugins/hotpath-profiles-app/resources";
    private readonly List<string> _folders = [];

    [TearDown]
    public void DeleteFolders()
    {
        foreach (var folder in _folders.Where(Directory.Exists))
        {
            Directory.Delete(folder, recursive: true);
        }
        _folders.Clear();
    }

    private string NewFolder()
    {
        var folder = ServeProcess.NewDataPath();
        Directory.CreateDirectory(folder);
        _folders.Add(folder);
        return folder;
    }

    private static HttpRequestMessage Request(HttpMethod method, Uri server, string path, HttpContent? content = null, string? host = null, string? origin = null)
    {
        var request = new HttpRequestMessage(method, new Uri(server, path)) { Content = content };
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
        return request;
    }

    private static async Task<(HttpStatusCode Status, string Body, HttpResponseMessage Response)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        var response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response);
    }

    private static async Task<IReadOnlyList<string>> ServicesAsync(ServeProcess server)
    {
        using var client = new PyroscopeClient(server.Url, json: true);
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return (await client.LabelValuesAsync("service_name", now - 3_600_000, now + 60_000)).Names;
    }

    /// <summary>A folded profile sent as <paramref name="mediaType"/> (as a page's form or fetch can send it without a preflight).</summary>
    private static ByteArrayContent Folded(string mediaType)
    {
        var content = new ByteArrayContent("main;work 7\n"u8.ToArray());
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    private static ByteArrayContent Json(string json, string mediaType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return content;
    }

    [Test]
    public async Task ForeignHost_Is421_AndNothingIsStoredOrDeleted()
    {
        await using var server = await ServeProcess.StartAsync(NewFolder());
        using var http = new HttpClient();
        var foreign = $"attacker.example:{server.Url.Port}";

        var read = await SendAsync(http, Request(HttpMethod.Get, server.Url, $"{Resources}/favorites", host: foreign));
        var ingest = await SendAsync(http, Request(HttpMethod.Post, server.Url, "/ingest?name=rebound-app&format=folded", Folded("text/plain"), host: foreign));
        var delete = await SendAsync(http, Request(HttpMethod.Delete, server.Url, $"{Resources}/favorites?id=1", host: foreign));

        foreach (var (status, body, _) in new[] { read, ingest, delete })
        {
            status.Should().Be(HttpStatusCode.MisdirectedRequest, body);
            body.Should().Contain("--allowed-hosts attacker.example").And.Contain("\"kind\":\"misdirected_request\"");
        }
        (await ServicesAsync(server)).Should().NotContain("rebound-app");
        var local = await SendAsync(http, Request(HttpMethod.Get, server.Url, $"{Resources}/favorites", host: $"localhost:{server.Url.Port}"));
        local.Status.Should().Be(HttpStatusCode.OK, local.Body);
    }

    [Test]
    public async Task AllowedHosts_AreServed()
    {
        await using var server = await ServeProcess.StartAsync(NewFolder(), "--allowed-hosts", "profiles.internal,hotpath.lan");
        using var http = new HttpClient();

        var answer = await SendAsync(http, Request(HttpMethod.Get, server.Url, $"{Resources}/favorites", host: $"hotpath.lan:{server.Url.Port}"));

        answer.Status.Should().Be(HttpStatusCode.OK, answer.Body);
    }

    [TestCase("text/plain")]
    [TestCase("application/x-www-form-urlencoded")]
    [TestCase("multipart/form-data; boundary=x")]
    public async Task CrossSiteSimplePosts_Are403_AndNothingIsStored(string mediaType)
    {
        await using var server = await ServeProcess.StartAsync(NewFolder());
        using var http = new HttpClient();

        var ingest = await SendAsync(http, Request(HttpMethod.Post, server.Url, "/ingest?name=csrf-app&format=folded", Folded(mediaType), origin: "https://evil.example"));
        var favorite = await SendAsync(http, Request(HttpMethod.Post, server.Url, $"{Resources}/favorites",
            Json("""{"profileTypeId":"process_cpu:cpu:nanoseconds:cpu:nanoseconds","labelSelector":"{service_name=\"csrf\"}"}""", mediaType),
            origin: "https://evil.example"));
        var noOrigin = Request(HttpMethod.Post, server.Url, "/ingest?name=csrf-fetch-app&format=folded", Folded(mediaType));
        noOrigin.Headers.Add("Sec-Fetch-Site", "cross-site");
        var fetchSite = await SendAsync(http, noOrigin);

        foreach (var (status, body, _) in new[] { ingest, favorite, fetchSite })
        {
            status.Should().Be(HttpStatusCode.Forbidden, body);
            body.Should().Contain("--cors-origin").And.Contain("\"kind\":\"forbidden\"");
        }
        var favorites = await SendAsync(http, Request(HttpMethod.Get, server.Url, $"{Resources}/favorites"));
        favorites.Body.Should().NotContain("csrf");
        (await ServicesAsync(server)).Should().NotContain("csrf-app").And.NotContain("csrf-fetch-app");

        // The same push from an agent (no Origin) and from the server's own page is stored.
        var agent = await SendAsync(http, Request(HttpMethod.Post, server.Url, "/ingest?name=agent-app&format=folded", Folded("text/plain")));
        var own = await SendAsync(http, Request(HttpMethod.Post, server.Url, "/ingest?name=own-page-app&format=folded", Folded("text/plain"),
            origin: $"http://127.0.0.1:{server.Url.Port}"));
        agent.Status.Should().Be(HttpStatusCode.OK, agent.Body);
        own.Status.Should().Be(HttpStatusCode.OK, own.Body);
        (await ServicesAsync(server)).Should().Contain(["agent-app", "own-page-app"]);
    }

    [Test]
    public async Task Cors_OnlyForTheOriginsGiven()
    {
        await using var closed = await ServeProcess.StartAsync(NewFolder());
        await using var open = await ServeProcess.StartAsync(NewFolder(), "--cors-origin", "https://grafana.example.com");
        using var http = new HttpClient();

        HttpRequestMessage Preflight(Uri server, string origin)
        {
            var request = Request(HttpMethod.Options, server, $"{Resources}/favorites", origin: origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "content-type");
            return request;
        }

        var refused = await SendAsync(http, Preflight(closed.Url, "https://grafana.example.com"));
        var allowed = await SendAsync(http, Preflight(open.Url, "https://grafana.example.com"));
        var other = await SendAsync(http, Preflight(open.Url, "https://evil.example"));
        var read = await SendAsync(http, Request(HttpMethod.Get, open.Url, $"{Resources}/favorites", origin: "https://grafana.example.com"));
        var write = await SendAsync(http, Request(HttpMethod.Post, open.Url, "/ingest?name=cors-app&format=folded", Folded("text/plain"), origin: "https://grafana.example.com"));

        refused.Response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        other.Response.Headers.Contains("Access-Control-Allow-Origin").Should().BeFalse();
        allowed.Status.Should().Be(HttpStatusCode.NoContent);
        allowed.Response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://grafana.example.com");
        allowed.Response.Headers.GetValues("Access-Control-Allow-Methods").Single().Should().Contain("POST");
        read.Response.Headers.GetValues("Access-Control-Allow-Origin").Should().Equal("https://grafana.example.com");
        write.Status.Should().Be(HttpStatusCode.OK, write.Body);
        (await ServicesAsync(open)).Should().Contain("cors-app");
    }

    [Test]
    public async Task NonLoopbackListen_NeedsCredentialsOrTheInsecureFlag()
    {
        var (exit, _, stderr) = await RunToExitAsync("serve", "--listen", "0.0.0.0:0", "--data", NewFolder());

        exit.Should().Be(2);
        stderr.Should().Contain("--listen 0.0.0.0:0 is not a loopback address").And.Contain("--auth-token-file").And.Contain("--insecure-allow-unauthenticated");

        var folder = NewFolder();
        using var insecure = StandaloneServerTests.Start("serve", "--listen", "0.0.0.0:0", "--data", folder, "--web", Path.Combine(folder, "no-frontend"), "--insecure-allow-unauthenticated");
        try
        {
            var line = await insecure.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120));
            line.Should().StartWith("Hotpath is serving on http://0.0.0.0:");
        }
        finally
        {
            insecure.Kill();
            await insecure.WaitForExitAsync();
        }
        var log = await insecure.StandardError.ReadToEndAsync();
        log.Should().Contain("without credentials (--insecure-allow-unauthenticated)").And.Contain("\"@level\":\"warn");
    }

    [Test]
    public async Task BearerTokens_GuardEverythingButReady()
    {
        var folder = NewFolder();
        var tokens = Path.Combine(folder, "tokens");
        await File.WriteAllTextAsync(tokens, "# agents\nfirst-token-0123456789\n\nsecond-token-0123456789\n");
        await using var server = await ServeProcess.StartAsync(Path.Combine(folder, "data"), "--auth-token-file", tokens);
        using var http = new HttpClient();

        HttpRequestMessage WithToken(HttpRequestMessage request, string? token)
        {
            if (token is not null)
            {
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            }
            return request;
        }

        var ready = await SendAsync(http, Request(HttpMethod.Get, server.Url, "/ready"));
        var none = await SendAsync(http, Request(HttpMethod.Get, server.Url, $"{Resources}/favorites"));
        var wrong = await SendAsync(http, WithToken(Request(HttpMethod.Get, server.Url, $"{Resources}/favorites"), "first-token-0123456788"));
        var push = await SendAsync(http, WithToken(Request(HttpMethod.Post, server.Url, "/ingest?name=token-app&format=folded", Folded("text/plain")), "second-token-0123456789"));
        var unauthorizedPush = await SendAsync(http, Request(HttpMethod.Post, server.Url, "/ingest?name=anonymous-app&format=folded", Folded("text/plain")));
        var right = await SendAsync(http, WithToken(Request(HttpMethod.Get, server.Url, $"{Resources}/favorites"), "first-token-0123456789"));

        ready.Status.Should().Be(HttpStatusCode.OK);
        none.Status.Should().Be(HttpStatusCode.Unauthorized);
        none.Body.Should().Contain("credentials required");
        none.Response.Headers.WwwAuthenticate.ToString().Should().StartWith("Bearer");
        wrong.Status.Should().Be(HttpStatusCode.Unauthorized);
        wrong.Body.Should().Contain("not accepted");
        unauthorizedPush.Status.Should().Be(HttpStatusCode.Unauthorized);
        push.Status.Should().Be(HttpStatusCode.OK, push.Body);
        right.Status.Should().Be(HttpStatusCode.OK, right.Body);
        using var client = new PyroscopeClient(server.Url, json: true);
        client.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "first-token-0123456789");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await client.LabelValuesAsync("service_name", now - 3_600_000, now + 60_000)).Names.Should().Contain("token-app").And.NotContain("anonymous-app");
    }

    [Test]
    public async Task BasicAuth_WithHashesFromHashPassword()
    {
        var folder = NewFolder();
        var (exit, hash, _) = await RunToExitAsync(["hash-password"], stdin: "correct horse\n");
        exit.Should().Be(0);
        hash = hash.Trim();
        hash.Should().StartWith("pbkdf2-sha256$").And.NotContain("correct horse");
        var users = Path.Combine(folder, "users");
        await File.WriteAllTextAsync(users, $"alice:{hash}\n");
        await using var server = await ServeProcess.StartAsync(Path.Combine(folder, "data"), "--basic-auth-file", users);
        using var http = new HttpClient();

        HttpRequestMessage As(string user, string password)
        {
            var request = Request(HttpMethod.Get, server.Url, $"{Resources}/favorites");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
            return request;
        }

        var none = await SendAsync(http, Request(HttpMethod.Get, server.Url, "/"));
        var wrong = await SendAsync(http, As("alice", "correct horsE"));
        var unknown = await SendAsync(http, As("bob", "correct horse"));
        var right = await SendAsync(http, As("alice", "correct horse"));

        none.Status.Should().Be(HttpStatusCode.Unauthorized);
        none.Response.Headers.WwwAuthenticate.ToString().Should().StartWith("Basic realm=\"Hotpath\""); // the browser asks the user
        wrong.Status.Should().Be(HttpStatusCode.Unauthorized);
        unknown.Status.Should().Be(HttpStatusCode.Unauthorized);
        right.Status.Should().Be(HttpStatusCode.OK, right.Body);
    }

    [TestCase("--auth-token-file", "short\n", "line 1: a token needs at least 16 characters")]
    [TestCase("--auth-token-file", "# nothing\n", "holds no token")]
    [TestCase("--basic-auth-file", "alice\n", "line 1: expected USER:HASH")]
    [TestCase("--basic-auth-file", "alice:plaintext-password\n", "line 1: expected USER:HASH")]
    public async Task BadCredentialFiles_StopTheStart_NamingFileAndLine(string flag, string text, string message)
    {
        var folder = NewFolder();
        var file = Path.Combine(folder, "credentials");
        await File.WriteAllTextAsync(file, text);

        var (exit, _, stderr) = await RunToExitAsync("serve", "--listen", "127.0.0.1:0", "--data", Path.Combine(folder, "data"), flag, file);

        exit.Should().Be(1);
        stderr.Should().Contain($"{flag} '{file}' {message}");
    }

    [Test]
    public async Task Tls_ServesHttpsWithTheGivenCertificate()
    {
        var folder = NewFolder();
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        var certFile = Path.Combine(folder, "cert.pem");
        var keyFile = Path.Combine(folder, "key.pem");
        await File.WriteAllTextAsync(certFile, certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(keyFile, key.ExportPkcs8PrivateKeyPem());

        var (exit, _, stderr) = await RunToExitAsync("serve", "--listen", "127.0.0.1:0", "--data", Path.Combine(folder, "data"), "--tls-cert", certFile);
        exit.Should().Be(2);
        stderr.Should().Contain("--tls-cert and --tls-key go together");

        await using var server = await ServeProcess.StartAsync(Path.Combine(folder, "data"), "--tls-cert", certFile, "--tls-key", keyFile);
        server.Url.Scheme.Should().Be("https");
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
        };
        using var http = new HttpClient(handler);
        var answer = await SendAsync(http, Request(HttpMethod.Get, server.Url, "/ready"));
        answer.Status.Should().Be(HttpStatusCode.OK);
    }

    private static Task<(int Exit, string Stdout, string Stderr)> RunToExitAsync(params string[] args) => RunToExitAsync(args, stdin: null);

    private static async Task<(int Exit, string Stdout, string Stderr)> RunToExitAsync(string[] args, string? stdin)
    {
        using var process = StandaloneServerTests.Start(args, redirectInput: stdin is not null);
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
            process.StandardInput.Close();
        }
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
