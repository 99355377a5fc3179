import Experiments
import Foundation
import Istio
import Testing

/// A manifest's bytes are edited as bytes: a UTF-8 file keeps every byte outside the weight scalars (BOM, CRLF,
/// non-ASCII comments), and a file that is not UTF-8 is refused with a clear error, never re-encoded.
@Suite("Manifest encodings: byte-identical edits or a refusal")
struct ManifestEncodingTests {
    static func manifest(comment: String, newline: String = "\n", bom: Bool = false) -> String {
        let lines = [
            "# \(comment)", "apiVersion: networking.istio.io/v1", "kind: VirtualService", "metadata:", "  name: reviews",
            "  namespace: bookinfo", "spec:", "  http:", "  - name: primary   # \(comment)", "    route:",
            "    - destination: {host: reviews, subset: v1}", "      weight: 100", "    - destination: {host: reviews, subset: v2}",
            "      weight: 0", "",
        ]
        return (bom ? "\u{FEFF}" : "") + lines.joined(separator: newline)
    }

    static let routing = Fixtures.route("primary")
    static let versions = Fixtures.versions(["v1", "v2"])

    @Test(arguments: [
        ("ASCII", "\n", false), ("naïve — ünïcödé ✓ 🚦", "\n", false), ("CRLF line ends", "\r\n", false),
        ("with a byte-order mark", "\n", true), ("all of it: é 🚦", "\r\n", true),
    ])
    func utf8BytesOutsideTheEditStay(comment: String, newline: String, bom: Bool) throws {
        let source = Self.manifest(comment: comment, newline: newline, bom: bom)
        let manifest = try VirtualServiceManifest(data: Data(source.utf8), file: "istio/reviews.yaml")
        let output = try manifest.applying(["v1": 70, "v2": 30], routing: Self.routing, versions: Self.versions)
        let expected = source.replacingOccurrences(of: "weight: 100", with: "weight: 70")
            .replacingOccurrences(of: "weight: 0", with: "weight: 30")
        #expect(Array(output.utf8) == Array(expected.utf8))
    }

    struct Bad: Sendable, CustomStringConvertible {
        var description: String
        var prefix: [UInt8]
        var offset: Int
    }

    static let bad: [Bad] = [
        Bad(description: "Latin-1 é in a comment", prefix: Array("# caf".utf8) + [0xE9, 0x0A], offset: 5),
        Bad(description: "a stray continuation byte", prefix: Array("# x".utf8) + [0x80, 0x0A], offset: 3),
        Bad(description: "a truncated sequence", prefix: Array("# ".utf8) + [0xE2, 0x82, 0x0A], offset: 2),
        Bad(description: "UTF-16 with a BOM", prefix: [0xFF, 0xFE, 0x23, 0x00, 0x0A, 0x00], offset: 0),
    ]

    @Test(arguments: bad)
    func otherEncodingsAreRefused(bad: Bad) throws {
        let data = Data(bad.prefix) + Data(Self.manifest(comment: "plain").utf8)
        let offset = bad.offset
        let error = #expect(throws: IstioError.self, "\(bad)") {
            try VirtualServiceManifest(data: data, file: "istio/reviews.yaml")
        }
        #expect(error?.code == .notUTF8)
        #expect(error?.message.contains("istio/reviews.yaml is not UTF-8 text (invalid byte at offset \(offset))") == true,
            "\(String(describing: error?.message))")
    }
}
