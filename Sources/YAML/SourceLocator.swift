/// Byte-level helpers for errors found before or outside libyaml.
enum SourceLocator {
    /// The mark of byte `offset` (absolute) in `input`, whose first byte is at absolute `baseOffset`.
    static func mark(atByteOffset offset: Int, in input: UnsafeBufferPointer<UInt8>, baseOffset: Int) -> YAMLMark {
        var line = 1
        var column = 1
        let end = min(max(offset - baseOffset, 0), input.count)
        for index in 0..<end {
            let byte = input[index]
            if byte == 0x0A {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1
            }
        }
        return YAMLMark(line: line, column: column, offset: offset)
    }

    /// The offset (relative to `input`) of the first byte that is not part of valid UTF-8, or nil.
    static func firstInvalidUTF8(in input: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = input.count
        while index < count {
            let lead = input[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            let length: Int
            let minimum: UInt32
            var scalar: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; minimum = 0x80; scalar = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; minimum = 0x800; scalar = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; minimum = 0x10000; scalar = UInt32(lead & 0x07)
            default: return index
            }
            guard index + length <= count else { return index }
            for next in 1..<length {
                let byte = input[index + next]
                guard byte & 0xC0 == 0x80 else { return index }
                scalar = scalar << 6 | UInt32(byte & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return index }
            index += length
        }
        return nil
    }
}

extension SourceLocator {
    /// The mark of a node's content after its properties (`&anchor`, `!tag`) and the space or comments that
    /// follow them. libyaml starts a scalar's mark at its first property; the editor needs the value itself.
    static func skipProperties(from mark: YAMLMark, in input: UnsafeBufferPointer<UInt8>, baseOffset: Int, limit: Int)
        -> YAMLMark
    {
        var mark = mark
        var index = mark.offset - baseOffset
        let end = min(limit - baseOffset, input.count)
        func advance() {
            if input[index] == 0x0A {
                mark.line += 1
                mark.column = 1
            } else if input[index] & 0xC0 != 0x80 {
                mark.column += 1
            }
            index += 1
        }
        func skipSeparation() {
            while index < end {
                switch input[index] {
                case 0x20, 0x09, 0x0A, 0x0D: advance()
                case UInt8(ascii: "#"): while index < end && input[index] != 0x0A { advance() }
                default: return
                }
            }
        }
        for _ in 0..<2 {
            guard index < end, input[index] == UInt8(ascii: "&") || input[index] == UInt8(ascii: "!") else { break }
            let stops: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                                     UInt8(ascii: "{"), UInt8(ascii: "}")]
            while index < end && !stops.contains(input[index]) { advance() }
            skipSeparation()
        }
        mark.offset = index + baseOffset
        return mark
    }
}
