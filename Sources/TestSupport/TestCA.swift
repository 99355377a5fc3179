import Foundation

/// A throwaway certificate authority made with `openssl`, with a server and client certificates it signed.
///
/// The server certificate is for `localhost` (DNS) and `127.0.0.1` (IP); libgit2's mbedTLS matches
/// only DNS names, so git-over-HTTPS tests use `https://localhost:PORT`.
public final class TestCA: Sendable {
    /// The directory holding every file; removed with the value.
    public let directory: TemporaryDirectory
    /// CA certificate (PEM file).
    public let caCertificate: URL
    /// Server certificate and key (PEM files) for `localhost`.
    public let serverCertificate: URL
    /// The server's private key.
    public let serverKey: URL
    /// Server certificate and key concatenated, as lighttpd's `ssl.pemfile` accepts.
    public let serverPEM: URL

    /// Generates a CA and a `localhost` server certificate, valid for two days.
    @available(*, noasync, message: "runs openssl on this thread; call it inside offPool")
    public init() throws {
        directory = try TemporaryDirectory(prefix: "iter8-ca")
        let openssl = try RequiredTool.path("openssl", package: "openssl")
        let dir = directory.url
        caCertificate = dir.appendingPathComponent("ca.crt")
        serverCertificate = dir.appendingPathComponent("server.crt")
        serverKey = dir.appendingPathComponent("server.key")
        serverPEM = dir.appendingPathComponent("server.pem")
        try Shell.runBlocking(
            openssl,
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=iter8-test-ca",
             "-keyout", "ca.key", "-out", "ca.crt"], directory: dir)
        try Self.sign(
            openssl, name: "server", subject: "/CN=localhost", in: dir,
            extensions: "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n",
            keyArguments: ["-newkey", "rsa:2048"])
        let pem = try String(contentsOf: serverCertificate, encoding: .utf8) + String(contentsOf: serverKey, encoding: .utf8)
        try pem.write(to: serverPEM, atomically: true, encoding: .utf8)
    }

    /// Issues a client certificate signed by this CA (EC P-256 key) and returns its PEM files.
    ///
    /// - Parameters:
    ///   - name: file name stem, unique per call.
    ///   - commonName: the certificate's CN (Kubernetes reads it as the user name).
    ///   - organization: the certificate's O (Kubernetes reads it as a group).
    @available(*, noasync, message: "runs openssl on this thread; call it inside offPool")
    public func issueClient(name: String, commonName: String, organization: String? = nil) throws -> ClientCertificate {
        let openssl = try RequiredTool.path("openssl", package: "openssl")
        let subject = "/CN=\(commonName)" + (organization.map { "/O=\($0)" } ?? "")
        try Self.sign(
            openssl, name: name, subject: subject, in: directory.url, extensions: "extendedKeyUsage=clientAuth\n",
            keyArguments: ["-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1"])
        return ClientCertificate(
            certificate: directory.url.appendingPathComponent("\(name).crt"),
            key: directory.url.appendingPathComponent("\(name).key"))
    }

    private static func sign(
        _ openssl: String, name: String, subject: String, in dir: URL, extensions: String, keyArguments: [String]
    ) throws {
        try Shell.runBlocking(
            openssl, ["req"] + keyArguments + ["-nodes", "-subj", subject, "-keyout", "\(name).key", "-out", "\(name).csr"],
            directory: dir)
        try extensions.write(to: dir.appendingPathComponent("\(name).ext"), atomically: true, encoding: .utf8)
        try Shell.runBlocking(
            openssl,
            ["x509", "-req", "-in", "\(name).csr", "-CA", "ca.crt", "-CAkey", "ca.key", "-CAcreateserial", "-days", "2",
             "-extfile", "\(name).ext", "-out", "\(name).crt"], directory: dir)
    }
}

/// A client certificate and key as PEM files.
public struct ClientCertificate: Sendable {
    /// The certificate (PEM file).
    public let certificate: URL
    /// The private key (PEM file).
    public let key: URL

    /// The certificate's PEM text.
    public func certificatePEM() throws -> String { try String(contentsOf: certificate, encoding: .utf8) }
    /// The key's PEM text.
    public func keyPEM() throws -> String { try String(contentsOf: key, encoding: .utf8) }
}
