import Foundation

/// A signed commit's signature (the text of its `gpgsig` header) and the bytes it signs (the commit without it).
public struct CommitSignature: Sendable, Hashable {
    /// The armored signature: `-----BEGIN SSH SIGNATURE-----` or `-----BEGIN PGP SIGNATURE-----` text.
    public var signature: String
    /// The commit object without its `gpgsig` header, as the signer signed it.
    public var signedData: Data
    /// The committer time (allowed signers' validity is checked against it, as git does).
    public var committerTime: Date

    /// A signature and what it signs.
    public init(signature: String, signedData: Data, committerTime: Date) {
        self.signature = signature
        self.signedData = signedData
        self.committerTime = committerTime
    }
}
