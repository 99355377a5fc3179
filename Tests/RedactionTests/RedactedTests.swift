import Redaction
import Testing

@Suite("URL redaction")
struct RedactedURLTests {
    @Test(arguments: [
        ("https://user:s3cr3t@github.com/org/repo.git", "https://REDACTED@github.com/org/repo.git"),
        ("https://x-access-token:abc@host:8443/a/b?token=zzz", "https://REDACTED@host:8443/a/b"),
        ("http://127.0.0.1:9090/api/v1/query?query=up", "http://127.0.0.1:9090/api/v1/query"),
        ("git://127.0.0.1:9418/origin.git", "git://127.0.0.1:9418/origin.git"),
        ("ssh://git@example.com/repo.git", "ssh://REDACTED@example.com/repo.git"),
        ("file:///tmp/origin.git", "file:///tmp/origin.git"),
        ("https://a@b@host/path#frag", "https://REDACTED@host/path"),
    ])
    func removesUserInfoAndQuery(input: String, expected: String) {
        #expect(Redacted.url(input) == expected)
    }

    @Test func keepsSCPStyleWithoutPassword() {
        #expect(Redacted.url("git@github.com:org/repo.git") == "git@github.com:org/repo.git")
    }

    @Test func masksSCPStyleWithPassword() {
        #expect(!Redacted.url("user:pw@host:repo").contains("pw@"))
    }
}
