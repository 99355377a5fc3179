import Foundation
@testable import PromQL
import Testing

@Suite("A query's evaluation time is written as %.3f writes it")
struct QueryTimeTests {
    @Test func timesAreWrittenAsStringFormatWritesThem() {
        var state = UInt64(0x7157)
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11
        }
        var values: [Double] = [0, -0.0, 0.0005, 0.00049, 0.0015, 0.9995, 1, 1.5, 59.9999, 1e12, 9.999e12, 1e13, 1e16, -1, -0.0004,
                                .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1_780_000_000.123,
                                1_780_000_000.1235, 1_780_000_000.12349999]
        for _ in 0..<20_000 {
            // Whole milliseconds as the service's clock gives them (dates between 1970 and 2100) ...
            let milliseconds = Double(next() % 4_102_444_800_000)
            values.append(milliseconds / 1000)
            values.append(Date(timeIntervalSince1970: milliseconds / 1000).timeIntervalSince1970)
            // ... and any time at all.
            values.append(Double(next() % 4_102_444_800_000_000) / 1_000_000)
            values.append(Double(bitPattern: next() << 11 | next() & 0x7ff))
        }
        for value in values {
            #expect(PrometheusClient.seconds(value) == String(format: "%.3f", value), "\(value.bitPattern)")
        }
    }
}
