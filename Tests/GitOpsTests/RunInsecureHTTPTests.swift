import Foundation
import Testing
import TestSupport

/// `iter8 run` refuses to send its Git token over plain http:// unless `--allow-insecure-http` (or
/// `ITER8_ALLOW_INSECURE_HTTP=true`) allows it; the token never appears in what it prints.
@Suite("iter8 run: no Git token over plain http")
struct RunInsecureHTTPTests {
    static let token = "plain/http?tok#en@5150"

    /// Runs `iter8 run` with `extra` arguments (`TOKEN_FILE` stands for a file holding ``token``) until it exits.
    func run(_ extra: [String], environment: [String: String] = [:], url: (Int) -> String) async throws -> (status: Int32, errors: String) {
        let binary = try BuiltExecutable.path("iter8")
        let workspace = try TemporaryDirectory(prefix: "iter8-insecure")
        let tokenFile = workspace.file("git-token")
        try Self.token.write(to: tokenFile, atomically: true, encoding: .utf8)
        let port = try FreePort.next()  // nothing listens: an allowed attempt fails to connect instead
        let arguments = [
            "run", "--repository", url(port), "--prometheus-url", "http://127.0.0.1:9", "--listen", "127.0.0.1:0",
            "--workdir", workspace.file("work").path,
        ] + extra.map { $0 == "TOKEN_FILE" ? tokenFile.path : $0 }
        var all = environment
        all["ITER8_WORKDIR"] = workspace.file("work").path
        let env = all
        let finished = try await offPool { try Shell.capture(binary, arguments, environment: env) }
        return (finished.status, finished.errors)
    }

    @Test(arguments: ["file", "url"])
    func refusedByDefault(source: String) async throws {
        let encoded = Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let result = try await run(source == "file" ? ["--git-token-file", "TOKEN_FILE"] : []) { port in
            source == "file" ? "http://127.0.0.1:\(port)/git/origin.git" : "http://bot:\(encoded)@127.0.0.1:\(port)/git/origin.git"
        }
        #expect(result.status != 0)
        #expect(result.errors.contains("refusing to send a password or token over plain http://"), "\(result.errors)")
        #expect(result.errors.contains("--allow-insecure-http"))
        #expect(!result.errors.contains(Self.token) && !result.errors.contains(encoded))
    }

    @Test(arguments: [true, false])
    func allowedExplicitly(byFlag: Bool) async throws {
        let encoded = Self.token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let result = try await run(
            byFlag ? ["--allow-insecure-http"] : [], environment: byFlag ? [:] : ["ITER8_ALLOW_INSECURE_HTTP": "true"]
        ) { port in "http://bot:\(encoded)@127.0.0.1:\(port)/git/origin.git" }
        // It tried: the clone fails to connect (nothing listens), not the refusal.
        #expect(result.status != 0)
        #expect(!result.errors.contains("refusing to send"), "\(result.errors)")
        #expect(result.errors.contains("git_clone failed"), "\(result.errors)")
        #expect(!result.errors.contains(Self.token) && !result.errors.contains(encoded))
    }
}
