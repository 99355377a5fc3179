import Foundation
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

/// Passwords holding URL delimiters, raw or percent-encoded: the whole user information is masked,
/// whatever the password, and the host, port and path stay readable.
@Suite("URL redaction of passwords with delimiters")
struct RedactedDelimiterPasswordTests {
    static let passwords = [
        "pa/ss", "pa?ss", "pa#ss", "pa:ss", "pa@ss", "p@ss/w?r#d:x", "/leading", "trailing/", "?q=1&token=2", "#frag",
        "@@@", ":x:", "a@b.example.com", "tok/../../x", "sp ace", "pa%2Fss%3F%23%40", "ü-unicode/@", "x@host:8080/path",
    ]
    static let forms: [@Sendable (String) -> String] = [
        { "https://user:\($0)@git.example.com/org/repo.git" },
        { "https://user:\($0)@git.example.com:8443/org/repo.git?ref=main#top" },
        { "http://x-access-token:\($0)@127.0.0.1:9418/origin.git" },
        { "https://user:\($0)@[::1]:8443/repo" },
        { "https://user:\($0)@git.example.com" },
        { "ssh://git:\($0)@git.example.com:2222/repo.git" },
        { "https://:\($0)@git.example.com/a@b/repo.git" },
    ]

    @Test(arguments: passwords)
    func noFormLeaksThePassword(password: String) {
        for form in Self.forms {
            let url = form(password)
            let redacted = Redacted.url(url)
            #expect(!redacted.contains(password), "\(url) → \(redacted)")
            if let decoded = password.removingPercentEncoding, decoded != password {
                #expect(!redacted.contains(decoded), "\(url) → \(redacted)")
            }
            #expect(redacted.contains("REDACTED@"), "\(url) → \(redacted)")
            #expect(!redacted.contains("user:"), "\(url) → \(redacted)")
        }
    }

    @Test(arguments: [
        ("https://user:pa/ss@host/repo.git", "https://REDACTED@host/repo.git"),
        ("https://user:pa?ss@host/repo.git", "https://REDACTED@host/repo.git"),
        ("https://user:pa#ss@host/repo.git", "https://REDACTED@host/repo.git"),
        ("https://user:p@ss/w?r#d@host:8443/repo.git?x=1", "https://REDACTED@host:8443/repo.git"),
        ("https://user:pa%2Fss%40@host/repo.git", "https://REDACTED@host/repo.git"),
        ("https://u:p/w@ho st/x", "https://REDACTED@ho st/x"),
        // A malformed host after a password holding an @ followed by a host-like word: the last @ still ends it.
        ("https://bot:p@ss/w?rd#x:y@local host:99999/x y", "https://REDACTED@local host:99999/x y"),
        ("https://bot:p@ss/w@/x", "https://REDACTED@/x"),
        ("http://127.0.0.1:9090/api/v1/query?query=up%20%40%20100", "http://127.0.0.1:9090/api/v1/query"),
        ("http://127.0.0.1:9090/api/v1/query?query=up @ 100", "http://127.0.0.1:9090/api/v1/query"),
    ])
    func keepsHostAndPath(input: String, expected: String) {
        #expect(Redacted.url(input) == expected)
    }

    @Test func scpStylePasswordWithAtSign() {
        let redacted = Redacted.url("user:p@ss/w@rd@host:org/repo.git")
        #expect(redacted == "user:REDACTED@host:org/repo.git")
    }

    @Test func passwordsAreReportedRawAndDecoded() {
        #expect(Redacted.passwords(in: "https://u:pa%2Fss@host/x") == ["pa%2Fss", "pa/ss"])
        #expect(Redacted.passwords(in: "https://u:p@ss/w?#@host/x") == ["p@ss/w?#"])
        #expect(Redacted.passwords(in: "https://u@host/x").isEmpty)
        #expect(Redacted.passwords(in: "https://host/x").isEmpty)
    }
}

@Suite("URL user information")
struct URLUserInfoTests {
    @Test func passwordRemovedUserKept() {
        let info = URLUserInfo("https://bot:t/o?k#e@n@git.example.com:8443/org/repo.git")
        #expect(info?.withoutPassword == "https://bot@git.example.com:8443/org/repo.git")
        #expect(info?.decodedUser == "bot")
        #expect(info?.decodedPassword == "t/o?k#e@n")
    }

    @Test func malformedHostKeepsThePasswordWhole() {
        let info = URLUserInfo("https://bot:p@ss/w?rd#x:y@local host:99999/x y")
        #expect(info?.decodedPassword == "p@ss/w?rd#x:y")
        #expect(info?.withoutPassword == "https://bot@local host:99999/x y")
    }

    @Test func percentEncodedPartsAreDecoded() {
        let info = URLUserInfo("https://a%40b:p%3A%2F%40@host/x")
        #expect(info?.decodedUser == "a@b")
        #expect(info?.decodedPassword == "p:/@")
        #expect(info?.withoutPassword == "https://a%40b@host/x")
    }

    @Test func noUserInformation() {
        #expect(URLUserInfo("https://host/a@b") != nil)  // over-masking an @ in a path is the safe side
        #expect(URLUserInfo("https://host/path") == nil)
        #expect(URLUserInfo("file:///tmp/origin.git") == nil)
    }
}
