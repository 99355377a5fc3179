import Foundation
@testable import Routing
import Testing

@Suite("Value paths render as RFC 6901 JSON pointers")
struct ValuePathTests {
    @Test func keysAreEscapedAsJSONPointerTokens() {
        #expect(ValuePath(["spec", "http", 0, "route", 1, "weight"]).description == "/spec/http/0/route/1/weight")
        #expect(ValuePath(["metadata", "annotations", "example.com/a~b"]).description == "/metadata/annotations/example.com~1a~0b")
        // `~` first, so an escaped `/` is not escaped again.
        #expect(ValuePath(["~1", "/0", "~/", ""]).description == "/~01/~10/~0~1/")
        #expect(ValuePath([]).description == "")
        // Every `~` and `/` scalar, as RFC 6901 asks, also one a combining mark follows (Foundation's
        // grapheme-aware `replacingOccurrences`, used before, left `~\u{301}` as it was).
        #expect(ValuePath(["a~\u{301}/\u{301}"]).description == "/a~0\u{301}~1\u{301}")
    }

    @Test func everyKeyIsEscapedAsFoundationEscapesIt() {
        let alphabet = ["~", "/", "a", "0", "é", "🚦", " ", "~0", "~1"]
        var state = UInt64(0x9a7)
        for _ in 0..<2_000 {
            var key = ""
            for _ in 0..<8 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                key += alphabet[Int((state >> 33) % UInt64(alphabet.count))]
            }
            let reference = key.replacingOccurrences(of: "~", with: "~0").replacingOccurrences(of: "/", with: "~1")
            #expect(ValuePath.escaped(key) == reference, "\(key)")
        }
    }
}
