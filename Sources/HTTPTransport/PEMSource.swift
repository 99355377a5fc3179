import Foundation

/// Where PEM material (a certificate, a CA bundle or a private key) comes from.
///
/// Kubeconfig `*-data` fields are base64 of PEM: decode them first and pass the PEM bytes as `.pem`.
public enum PEMSource: Sendable, Hashable, CustomStringConvertible {
    /// A PEM file on disk (kubeconfig `certificate-authority`, `client-certificate`, `client-key`).
    case file(String)
    /// PEM bytes in memory (kubeconfig `certificate-authority-data` etc., after base64 decoding).
    case pem(Data)

    /// The file path, or the size of the in-memory PEM; never its contents (it may be a private key).
    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .pem(let data): "in-memory PEM (\(data.count) bytes)"
        }
    }
}
