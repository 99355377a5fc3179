/// Converts libyaml's scalar-counted marks into UTF-8 byte offsets, walking a cursor through the input.
///
/// libyaml 0.2.5 counts `mark.index` in Unicode scalars, not bytes (measured: in `a: é✓ x` the scalar after
/// `é✓ ` starts at index 3 but byte 3, and the next line's first key is at index 8 but byte 13). Marks arrive
/// almost in order, so moving the cursor is cheap.
struct UTF8OffsetTranslator {
    private let input: UnsafeBufferPointer<UInt8>
    private let baseOffset: Int
    private var scalarIndex = 0
    private var byteIndex = 0

    init(input: UnsafeBufferPointer<UInt8>, baseOffset: Int) {
        self.input = input
        self.baseOffset = baseOffset
    }

    /// The public mark (1-based line and column, absolute byte offset) for a libyaml mark.
    mutating func mark(_ raw: ParserEvent.RawMark) -> YAMLMark {
        YAMLMark(line: raw.line + 1, column: raw.column + 1, offset: baseOffset + byteOffset(ofScalar: raw.index))
    }

    private mutating func byteOffset(ofScalar target: Int) -> Int {
        while scalarIndex < target && byteIndex < input.count {
            byteIndex += 1
            while byteIndex < input.count && input[byteIndex] & 0xC0 == 0x80 { byteIndex += 1 }
            scalarIndex += 1
        }
        while scalarIndex > target && byteIndex > 0 {
            byteIndex -= 1
            while byteIndex > 0 && input[byteIndex] & 0xC0 == 0x80 { byteIndex -= 1 }
            scalarIndex -= 1
        }
        return byteIndex
    }
}
