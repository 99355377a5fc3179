import Experiments
import Foundation
import Testing

@Suite("Kubernetes quantities")
struct QuantityTests {
    @Test(arguments: [
        ("0.01", 0.01), ("10m", 0.01), ("250", 250), ("1.5k", 1500), ("1Mi", 1_048_576), ("2Ki", 2048),
        ("1e3", 1000), ("5E-2", 0.05), ("-3", -3), ("+0.5", 0.5), ("100u", 0.0001), ("7n", 7e-9), ("2G", 2e9),
    ])
    func parses(text: String, value: Double) throws {
        let quantity = try #require(Quantity(text))
        #expect(abs(quantity.value - value) <= abs(value) * 1e-12)
        #expect(quantity.text == text)
    }

    @Test(arguments: ["", "ten", "1.2.3", "10 m", "m", "1x", "--1", "1e", "1Ki2", "."])
    func rejects(text: String) {
        #expect(Quantity(text) == nil)
    }

    @Test func decodesFromJSONNumbersAndStrings() throws {
        let values = try JSONDecoder().decode([Quantity].self, from: Data(#"[0.25, "10m", 3]"#.utf8))
        #expect(values.map(\.value) == [0.25, 0.01, 3])
    }

    @Test func badTextIsADecodingError() {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Quantity].self, from: Data(#"["ten"]"#.utf8)) }
    }
}
