import Foundation
import Testing
@testable import YAML

@Suite("Timestamps' milliseconds are written as String(format: \"%03d\") writes them")
struct DateFormatTests {
    /// `YAMLDateFormat.string(from:)` as it was before its fast path: the milliseconds through `String(format:)`.
    static func stringByFormat(_ date: Date) -> String {
        let plain = Date.ISO8601FormatStyle(), fractional = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
        let seconds = date.timeIntervalSince1970
        if seconds.rounded() == seconds { return plain.format(date) }
        let milliseconds = (seconds * 1000).rounded()
        let whole = (milliseconds / 1000).rounded(.down)
        let fraction = milliseconds - whole * 1000
        guard (0..<1000).contains(fraction) else { return fractional.format(date) }
        let text = plain.format(Date(timeIntervalSince1970: whole))
        guard fraction != 0, text.hasSuffix("Z") else { return text }
        return String(text.dropLast()) + "." + String(format: "%03d", Int(fraction)) + "Z"
    }

    @Test func everyThreeDigitValueAndBeyond() {
        var values = Array(-20_000...20_000) + [Int.min, Int.max, Int(Int32.max), Int(Int32.min), 1_000_000_000_000]
        values += (0..<64).map { 1 << $0 }
        let found = values.filter { YAMLDateFormat.threeDigits($0) != String(format: "%03d", $0) }
        #expect(found.isEmpty, "\(found.prefix(10))")
    }

    @Test func datesAreWrittenAsBefore() {
        var state = UInt64(0xDA7E)
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var seconds: [Double] = [0, -0.0, 0.001, 0.0005, 0.0015, 0.9995, 0.999, -0.001, -1.5, 1e9 + 0.1, 1_780_000_000.123, 4e12]
        for _ in 0..<8_000 {
            // Whole milliseconds from 1900 to 2100, the same as read back from text, and any sub-millisecond time.
            let milliseconds = Double(next() % 6_311_433_600_000) - 2_208_988_800_000
            seconds.append(milliseconds / 1000)
            seconds.append(Double(next() % 6_311_433_600_000_000) / 1_000_000 - 2_208_988_800)
        }
        seconds += seconds.flatMap { [$0.nextUp, $0.nextDown] }
        let found = seconds.map(Date.init(timeIntervalSince1970:)).filter { YAMLDateFormat.string(from: $0) != Self.stringByFormat($0) }
        #expect(found.isEmpty, "\(found.prefix(5).map(\.timeIntervalSince1970))")
    }
}
