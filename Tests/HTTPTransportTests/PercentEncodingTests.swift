import Foundation
import HTTPTransport
import Testing

/// `PercentEncoding.encoded` against what it replaces: Foundation's `addingPercentEncoding(withAllowedCharacters:)`
/// with the unreserved characters allowed, as the Prometheus client spelled them, and with `alphanumerics` plus
/// `-._~`, as the Kubernetes and pull-request clients did.
@Suite("Percent-encoding: the same text as Foundation's")
struct PercentEncodingTests {
    static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
    static let alphanumerics = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-._~"))

    static let texts: [String] = [
        "", "up", "reviews-v2.bookinfo_x~1", "a b", "a+b", "a&b=c", "100%", "%41", "{}", "'5..'", "\"quoted\"",
        "sum(increase(istio_requests_total{response_code=~'5..',destination_workload=\"reviews-v2\"}[30s]))",
        "caf\u{e9}", "cafe\u{301}", "\u{1F600}", "\u{1F469}\u{200D}\u{1F4BB}", "\u{65E5}\u{672C}", "x\u{B2}", "\u{660}",
        "acme/platform/rollouts", "app=reviews,version in (v1,v2)", "tab\tnew\nline\r", "\u{0}\u{7F}", "?#[]@!$()*,;:",
        String(decoding: (0...127).map { UInt8($0) }, as: UTF8.self),
    ]

    @Test(arguments: texts)
    func encodesAsFoundationDid(_ text: String) {
        let encoded = PercentEncoding.encoded(text)
        #expect(encoded == text.addingPercentEncoding(withAllowedCharacters: Self.unreserved), "\(text.debugDescription)")
        #expect(encoded == text.addingPercentEncoding(withAllowedCharacters: Self.alphanumerics), "\(text.debugDescription)")
        #expect(encoded.removingPercentEncoding == text)
    }

    @Test func escapesEachUTF8ByteWithUppercaseHex() {
        #expect(PercentEncoding.encoded("a b+c&d=e") == "a%20b%2Bc%26d%3De")
        #expect(PercentEncoding.encoded("\u{e9}\u{1F600}") == "%C3%A9%F0%9F%98%80")
        #expect(PercentEncoding.encoded("AZaz09-._~") == "AZaz09-._~")
    }
}
