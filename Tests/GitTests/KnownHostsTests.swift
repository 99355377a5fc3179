import Foundation
import Testing
import TestSupport

@testable import Git

/// Parsing an OpenSSH known_hosts file and matching a server's raw host key against it.
@Suite struct KnownHostsTests {
    static let keyA = Data([0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 4, 1, 2, 3, 4])
    static let keyB = Data([0, 0, 0, 11] + Array("ssh-ed25519".utf8) + [0, 0, 0, 4, 9, 9, 9, 9])
    static let keyRevoked = Data([0, 0, 0, 7] + Array("ssh-rsa".utf8) + [5, 5])

    /// `|1|salt|HMAC-SHA1(salt, "[git.example.com]:2222")`, made with `openssl dgst -sha1 -mac HMAC`.
    static let hashedEntry = "|1|AAECAwQFBgcICQoLDA0ODxAREhM=|iB8ji+G7JiWchxZqOjryGAnIiTo="

    static var file: String {
        """
        # comment line
        github.com,140.82.121.3 ssh-ed25519 \(keyA.base64EncodedString())
        [gitlab.internal]:2222 ssh-ed25519 \(keyB.base64EncodedString()) ops@host
        *.corp.example,!bad.corp.example ssh-ed25519 \(keyA.base64EncodedString())
        \(hashedEntry) ssh-ed25519 \(keyB.base64EncodedString())
        @revoked * ssh-rsa \(keyRevoked.base64EncodedString())
        @cert-authority *.example.org ssh-ed25519 \(keyA.base64EncodedString())
        this line is broken
        host-only-two-fields ssh-ed25519

        """
    }

    @Test func parsesEntriesAndSkipsBrokenLines() {
        let hosts = KnownHosts(contents: Self.file)
        #expect(hosts.entries.count == 6)
        #expect(hosts.entries.map(\.line) == [2, 3, 4, 5, 6, 7])
        #expect(hosts.entries[4].marker == .revoked)
        #expect(hosts.entries[5].marker == .certAuthority)
        #expect(hosts.skippedLines == [8, 9])
    }

    @Test(arguments: [
        ("github.com", 22, keyA, KnownHosts.Verdict.trusted),
        ("GitHub.com", 22, keyA, .trusted),
        ("140.82.121.3", 22, keyA, .trusted),
        ("github.com", 22, keyB, .mismatch),
        ("github.com", 2222, keyA, .unknownHost),
        ("gitlab.internal", 2222, keyB, .trusted),
        ("gitlab.internal", 22, keyB, .unknownHost),
        ("gitlab.internal", 2222, keyA, .mismatch),
        ("build.corp.example", 22, keyA, .trusted),
        ("bad.corp.example", 22, keyA, .unknownHost),
        ("git.example.com", 2222, keyB, .trusted),
        ("git.example.com", 2222, keyA, .mismatch),
        ("git.example.com", 22, keyB, .unknownHost),
        ("github.com", 22, keyRevoked, .mismatch),
        ("www.example.org", 22, keyA, .unknownHost),
        ("unknown.net", 22, keyA, .unknownHost),
    ])
    func verifies(host: String, port: Int, key: Data, expected: KnownHosts.Verdict) {
        #expect(KnownHosts(contents: Self.file).verify(host: host, port: port, key: key) == expected)
    }

    @Test func lookupNamesFollowOpenSSH() {
        #expect(KnownHosts.lookupName(host: "Host", port: 22) == "host")
        #expect(KnownHosts.lookupName(host: "host", port: 2222) == "[host]:2222")
    }

    @Test func wildcards() {
        #expect(KnownHosts.wildcardMatch(Array("*.example"), Array("a.b.example")))
        #expect(KnownHosts.wildcardMatch(Array("git?.example"), Array("git1.example")))
        #expect(!KnownHosts.wildcardMatch(Array("git?.example"), Array("git12.example")))
        #expect(KnownHosts.wildcardMatch(Array("[*]:2222"), Array("[x]:2222")))
    }

    @Test func sha1AndHMACMatchPublishedVectors() {
        let hex = { (bytes: [UInt8]) in bytes.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA1.hash(Array("abc".utf8))) == "a9993e364706816aba3e25717850c26c9cd0d89d")
        #expect(hex(SHA1.hash([])) == "da39a3ee5e6b4b0d3255bfef95601890afd80709")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA1.hash(long)) == "84983e441c3bd26ebaae4aa1f95129e5e54670f1")
        // RFC 2202 test case 1.
        #expect(hex(SHA1.hmac(key: [UInt8](repeating: 0x0b, count: 20), message: Array("Hi There".utf8)))
            == "b617318655057264e28bc0b6fb378c8ef146be00")
    }

    @Test func sshPortComesFromTheURL() {
        #expect(RemoteCallbacks.port(of: "ssh://git@host:2222/repo.git") == 2222)
        #expect(RemoteCallbacks.port(of: "ssh://git@host/repo.git") == 22)
        #expect(RemoteCallbacks.port(of: "https://host:8443/repo.git") == 22)
    }
}

/// Cross-checks the parser with files written by OpenSSH's own `ssh-keygen` (hashing with `-H`).
@Suite struct KnownHostsOpenSSHTests {
    @Test func hashedFileFromSSHKeygen() async throws {
        let directory = try TemporaryDirectory(prefix: "iter8-known-hosts")
        let keygen = try RequiredTool.path("ssh-keygen", package: "openssh-client")
        let keyFile = directory.file("host_key").path
        let publicKey: String = try await offPool {
            try Shell.runBlocking(keygen, ["-q", "-t", "ed25519", "-N", "", "-f", keyFile])
            return try String(contentsOfFile: keyFile + ".pub", encoding: .utf8)
        }
        let fields = publicKey.split(separator: " ")
        let blob = try #require(Data(base64Encoded: String(fields[1])))
        let knownHosts = directory.file("known_hosts").path
        try "[git.example.com]:2222 \(fields[0]) \(fields[1])\nplain.example \(fields[0]) \(fields[1])\n"
            .write(toFile: knownHosts, atomically: true, encoding: .utf8)
        _ = try await Shell.run(keygen, ["-q", "-H", "-f", knownHosts])

        let hosts = try KnownHosts(path: knownHosts)
        #expect(hosts.entries.count == 2)
        #expect(hosts.entries.allSatisfy { $0.hosts.hasPrefix("|1|") })
        #expect(hosts.verify(host: "git.example.com", port: 2222, key: blob) == .trusted)
        #expect(hosts.verify(host: "plain.example", key: blob) == .trusted)
        #expect(hosts.verify(host: "git.example.com", port: 22, key: blob) == .unknownHost)
        #expect(hosts.verify(host: "plain.example", key: Data(blob.reversed())) == .mismatch)
    }
}
