import Foundation
@testable import HTTPTransport
import Testing

@Suite("Header lines are split and trimmed as Foundation trims them")
struct HeaderLineTests {
    /// The fields `line` gives, as (lower-cased name, value).
    func fields(_ line: String) -> [(String, String)] {
        let state = TransferState(cancellation: CancellationFlag())
        _ = state.receiveHeaderLine(line)
        return state.headers.map { ($0.name, $0.value) }
    }

    /// The fields Foundation's `trimmingCharacters` gives for `line`.
    func reference(_ line: String) -> [(String, String)] {
        guard let colon = line.firstIndex(of: ":") else { return [] }
        let name = line[..<colon].trimmingCharacters(in: .whitespaces).lowercased()
        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
        return name.isEmpty ? [] : [(name, value)]
    }

    @Test func everyASCIILineIsTrimmedAsFoundationTrimsIt() {
        // Every ASCII byte (controls included) around and inside names and values, seeded.
        var seeded = UInt64(0x5eed)
        func next(_ bound: Int) -> Int {
            seeded = seeded &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((seeded >> 33) % UInt64(bound))
        }
        let pieces = ["", " ", "\t", "\r\n", "\n", "\u{0B}", "\u{0C}", "\r", "\u{1C}", "\u{1F}", "\u{7F}", "\u{00}", "x", "Content-Length", "42", "a b", ":"]
        for _ in 0..<5_000 {
            let line = (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined() + ":"
                + (0..<next(8)).map { _ in pieces[next(pieces.count)] }.joined()
            let got = fields(line)
            let want = reference(line)
            #expect(got.map(\.0) == want.map(\.0) && got.map(\.1) == want.map(\.1), "\(Array(line.utf8))")
        }
        for byte in UInt8(0)..<0x80 {
            let text = String(decoding: [byte, 0x41, byte, 0x3a, byte, 0x42, byte], as: UTF8.self)
            #expect(fields(text).map(\.1) == reference(text).map(\.1), "byte \(byte)")
            #expect(fields(text).map(\.0) == reference(text).map(\.0), "byte \(byte)")
        }
    }

    @Test func nonASCIILinesAreTrimmedByFoundation() {
        // No-break and ideographic spaces are whitespace to Foundation: trimmed from both ends.
        #expect(fields("X-Name\u{00A0}: \u{3000}value\u{2028}").map(\.1) == ["value"])
        #expect(fields("X-Name\u{00A0}: \u{3000}value\u{2028}").map(\.0) == ["x-name"])
        #expect(fields("X-Ünïcode: wert ").map(\.1) == ["wert"])
    }
}
