import Foundation

/// The output and the open containers of one ``CanonicalJSONEncoder`` run, kept by a ``CanonicalJSONWriter``
/// (behind a pointer, so that its many small writes are not checked for exclusive access at run time: none of
/// its methods calls out to a value's `encode(to:)`).
///
/// Containers are frames on a stack, innermost last; each has a serial number, and the containers and encoders
/// handed to values name their frame by depth and serial. An operation on a frame first closes every frame above
/// it (a value's containers end when its parent writes again or the value returns), so the output is written
/// strictly in order; an operation on a frame that was already closed is refused (``unsupported``), since
/// `JSONEncoder` would still add to it. An object's members are written in the order they come, then put in key
/// order when it closes.
struct CanonicalJSONOutput {
    /// The bytes so far.
    private(set) var bytes = CanonicalJSONByteBuffer(capacity: 16_384)
    /// Why the value must be encoded by `JSONEncoder` instead, once something was refused.
    private(set) var unsupported: String?

    private enum Kind {
        /// A value's position that nothing was written to yet.
        case slot
        /// A position a single value was written to.
        case filled
        case object
        case array
    }

    private struct Frame {
        var serial: Int
        var kind: Kind
        /// For an object: the offset of its first member (just after `{`).
        var start: Int = 0
        /// For an object: its first member in `members`, its first key byte in `keyBytes`.
        var memberBase: Int = 0
        var keyBase: Int = 0
        /// Members or elements written so far.
        var count: Int = 0
        /// True when a key of this object has a byte above 0x7F.
        var nonASCIIKeys = false
    }

    /// One object member: its raw key in `keyBytes`, its bytes (`"key":value`) in `bytes`.
    private struct Member {
        var keyStart: Int
        var keyCount: Int
        var start: Int
        var end: Int = 0
    }

    private var frames: [Frame] = []
    private var members: [Member] = []
    /// The raw keys of the open objects' members.
    private var keyBytes = CanonicalJSONByteBuffer(capacity: 1024)
    /// Where an object's members are copied while they are put in order.
    private var scratch = CanonicalJSONByteBuffer(capacity: 4096)
    private var nextSerial = 1
    /// Objects and arrays open now.
    private var nesting = 0
    /// Below `JSONWriter`'s limit of 512 nested containers, which throws.
    private static let maximumNesting = 500

    init() {
        frames.reserveCapacity(32)
        members.reserveCapacity(128)
    }

    /// Releases the byte buffers (by the owner, once, when done).
    func free() {
        bytes.free()
        keyBytes.free()
        scratch.free()
    }

    /// Marks the value as one to encode with `JSONEncoder` (the first reason is kept).
    mutating func refuse(_ reason: String) {
        if unsupported == nil { unsupported = reason }
    }

    /// The error that abandons the run.
    var refusal: CanonicalJSONUnsupported { CanonicalJSONUnsupported(reason: unsupported ?? "refused") }

    // MARK: Frames

    private mutating func newSerial() -> Int {
        defer { nextSerial += 1 }
        return nextSerial
    }

    /// Closes the frames above `depth` and says whether the frame at `depth` is still the one numbered `serial`.
    private mutating func prepare(_ serial: Int, _ depth: Int) -> Bool {
        guard unsupported == nil else { return false }
        if frames.count > depth + 1 { closeFrames(downTo: depth + 1) }
        guard depth < frames.count, frames[depth].serial == serial else {
            refuse("a container was used after a container or value beside it was started")
            return false
        }
        return true
    }

    /// Closes every frame at `depth` and above, innermost first.
    mutating func closeFrames(downTo depth: Int) {
        while frames.count > depth, let frame = frames.popLast() {
            switch frame.kind {
            case .slot:
                // A value that encoded nothing: JSONEncoder writes an empty object, but refuses it at the top level.
                if frames.isEmpty { refuse("the top-level value encoded nothing") } else { bytes.append("{}") }
            case .filled:
                break
            case .object:
                closeObject(frame)
                nesting -= 1
            case .array:
                bytes.append(0x5d)
                nesting -= 1
            }
        }
    }

    /// Turns the slot at `depth` into an object or array and returns the container's serial (0 when refused).
    mutating func openContainer(inSlot serial: Int, depth: Int, keyed: Bool) -> Int {
        guard prepare(serial, depth) else { return 0 }
        guard frames[depth].kind == .slot else {
            refuse("a second container or value was encoded at one position")
            return 0
        }
        frames[depth] = openFrame(keyed: keyed)
        return frames[depth].serial
    }

    /// Writes the opening bracket of a new object or array and returns its frame.
    private mutating func openFrame(keyed: Bool) -> Frame {
        nesting += 1
        if nesting >= Self.maximumNesting { refuse("nesting near JSONWriter's limit") }
        bytes.append(keyed ? 0x7b : 0x5b)
        return Frame(
            serial: newSerial(), kind: keyed ? .object : .array, start: bytes.count, memberBase: members.count, keyBase: keyBytes.count)
    }

    /// Opens a nested object or array as the value just begun in the frame at `depth`; returns its serial (0 when
    /// refused).
    mutating func openNested(keyed: Bool) -> Int {
        guard unsupported == nil else { return 0 }
        let frame = openFrame(keyed: keyed)
        frames.append(frame)
        return frame.serial
    }

    /// Opens a slot for a value about to encode itself (at the depth `frames.count`); returns its serial.
    mutating func openSlot() -> Int {
        let serial = newSerial()
        frames.append(Frame(serial: serial, kind: .slot))
        return serial
    }

    /// Begins the single value of the slot at `depth`; false when refused.
    mutating func beginSingleValue(_ serial: Int, _ depth: Int) -> Bool {
        guard prepare(serial, depth) else { return false }
        guard frames[depth].kind == .slot else {
            refuse("a second container or value was encoded at one position")
            return false
        }
        frames[depth].kind = .filled
        return true
    }

    /// Begins the next element of the array at `depth`; false when refused.
    mutating func beginElement(_ serial: Int, _ depth: Int) -> Bool {
        guard prepare(serial, depth) else { return false }
        if frames[depth].count > 0 { bytes.append(0x2c) }
        frames[depth].count += 1
        return true
    }

    /// The elements written to the array at `depth` so far (0 and refused when it was closed).
    mutating func elementCount(_ serial: Int, _ depth: Int) -> Int {
        guard prepare(serial, depth) else { return 0 }
        return frames[depth].count
    }

    /// Begins the member `key` of the object at `depth` (its key and colon written); false when refused.
    mutating func beginMember(_ key: String, _ serial: Int, _ depth: Int) -> Bool {
        guard prepare(serial, depth) else { return false }
        if frames[depth].count > 0 { bytes.append(0x2c) }
        frames[depth].count += 1
        var key = key
        let nonASCII = key.withUTF8 { utf8 in
            members.append(Member(keyStart: keyBytes.count, keyCount: utf8.count, start: bytes.count))
            keyBytes.append(utf8)
            return writeEscaped(utf8)
        }
        if nonASCII { frames[depth].nonASCIIKeys = true }
        bytes.append(0x3a)
        return true
    }

    /// Puts the members of a closing object in key order (the UTF-8 bytes of the keys, as `JSONWriter` sorts) and
    /// writes `}`; refuses an object with two keys that are equal as Strings, which `JSONEncoder` merges.
    private mutating func closeObject(_ frame: Frame) {
        defer {
            members.removeLast(members.count - frame.memberBase)
            keyBytes.truncate(to: frame.keyBase)
            bytes.append(0x7d)
        }
        guard members.count - frame.memberBase > 1 else { return }
        let keys = keyBytes
        let end = bytes.count
        let order = members.withUnsafeMutableBufferPointer { all -> KeyOrder in
            var object = UnsafeMutableBufferPointer(rebasing: all[frame.memberBase...])
            for index in 0..<object.count {  // each member ends before the next one's comma
                object[index].end = index + 1 < object.count ? object[index + 1].start - 1 : end
            }
            func key(_ member: Member) -> UnsafeBufferPointer<UInt8> { keys[member.keyStart..<member.keyStart + member.keyCount] }
            if (1..<object.count).allSatisfy({ Self.compare(key(object[$0 - 1]), key(object[$0])) < 0 }) { return .ordered }
            object.sort { Self.compare(key($0), key($1)) < 0 }
            return (1..<object.count).contains { Self.compare(key(object[$0 - 1]), key(object[$0])) == 0 } ? .repeated : .sorted
        }
        if order == .repeated { refuse("an object has a repeated key") }
        if frame.nonASCIIKeys {
            var seen = Set<String>()
            for member in members[frame.memberBase...] {
                let key = String(decoding: keys[member.keyStart..<member.keyStart + member.keyCount], as: UTF8.self)
                if !seen.insert(key).inserted { refuse("an object has two keys that are equal as Strings") }
            }
        }
        guard order == .sorted else { return }
        scratch.truncate(to: 0)
        scratch.append(bytes[frame.start..<end])
        bytes.truncate(to: frame.start)
        for index in frame.memberBase..<members.count {
            if index > frame.memberBase { bytes.append(0x2c) }
            bytes.append(scratch[(members[index].start - frame.start)..<(members[index].end - frame.start)])
        }
    }

    private enum KeyOrder { case ordered, sorted, repeated }

    /// The order of two keys' UTF-8 bytes: negative, zero or positive.
    private static func compare(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Int {
        for index in 0..<min(a.count, b.count) where a[index] != b[index] {
            return Int(a[index]) - Int(b[index])
        }
        return a.count - b.count
    }

    // MARK: Values

    /// An array of scalars, each written by `write`.
    mutating func writeArray<Element>(_ elements: [Element], _ write: (inout Self, Element) -> Void) {
        bytes.append(0x5b)
        for (index, element) in elements.enumerated() {
            if index > 0 { bytes.append(0x2c) }
            write(&self, element)
        }
        bytes.append(0x5d)
    }

    mutating func writeNull() { bytes.append("null") }

    mutating func writeBool(_ value: Bool) { bytes.append(value ? "true" : "false") }

    /// A signed integer in decimal, as its `description`.
    mutating func writeInteger<T: FixedWidthInteger & SignedInteger>(_ value: T) {
        if value < 0 { bytes.append(0x2d) }
        writeDigits(UInt64(truncatingIfNeeded: value.magnitude))
    }

    /// An unsigned integer in decimal, as its `description`.
    mutating func writeUnsigned<T: FixedWidthInteger & UnsignedInteger>(_ value: T) {
        writeDigits(UInt64(truncatingIfNeeded: value))
    }

    /// A 128-bit integer, as its `description`.
    mutating func writeDescription(_ value: some CustomStringConvertible) {
        var text = value.description
        text.withUTF8 { bytes.append($0) }
    }

    private mutating func writeDigits(_ value: UInt64) {
        var digits = 1
        var power: UInt64 = 10
        while digits < 20, value >= power {
            digits += 1
            power = power &* 10
        }
        let start = bytes.appendPlaceholder(0x30, count: digits)
        var rest = value
        var index = digits - 1
        while rest > 0 {
            start[index] = 0x30 &+ UInt8(truncatingIfNeeded: rest % 10)
            rest /= 10
            index -= 1
        }
    }

    /// A double as `JSONEncoder` writes it: its `description` without a trailing `.0`, a non-finite one as the
    /// string `+Inf`, `-Inf` or `NaN`. An integral value below 2⁵³ in magnitude, whose `description` is its
    /// digits and `.0`, is written from its integer directly.
    mutating func writeDouble(_ value: Double) {
        guard value.isFinite else {
            writeString(value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf")
            return
        }
        if value.magnitude < 9_007_199_254_740_992, value.rounded(.towardZero) == value {
            if value == 0, value.sign == .minus { bytes.append("-0") } else { writeInteger(Int64(value)) }
            return
        }
        writeNumberDescription(value.description)
    }

    /// A float as `JSONEncoder` writes it: its `description` without a trailing `.0`, a non-finite one as a string.
    mutating func writeFloat(_ value: Float) {
        guard value.isFinite else {
            writeString(value.isNaN ? "NaN" : value < 0 ? "-Inf" : "+Inf")
            return
        }
        writeNumberDescription(value.description)
    }

    private mutating func writeNumberDescription(_ description: String) {
        var text = description
        text.withUTF8 { utf8 in
            let count = utf8.count
            let trimmed = count >= 2 && utf8[count - 2] == 0x2e && utf8[count - 1] == 0x30 ? count - 2 : count
            bytes.append(UnsafeBufferPointer(rebasing: utf8[0..<trimmed]))
        }
    }

    /// A date as seconds since 1970; a non-finite one is refused (`JSONEncoder` throws).
    mutating func writeDate(_ date: Date) throws {
        let seconds = date.timeIntervalSince1970
        guard seconds.isFinite else {
            refuse("a date is not finite")
            throw refusal
        }
        writeDouble(seconds)
    }

    /// A string in quotes, escaped as `JSONWriter` escapes it.
    mutating func writeString(_ string: String) {
        var string = string
        string.withUTF8 { _ = writeEscaped($0) }
    }

    /// Writes `utf8` in quotes, escaped; returns true when it has a byte above 0x7F. Runs of 8 bytes that need no
    /// escape are skipped a word at a time.
    @discardableResult
    private mutating func writeEscaped(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.append(0x22)
        defer { bytes.append(0x22) }
        guard let start = utf8.baseAddress else { return false }
        let count = utf8.count
        var mark = 0
        var index = 0
        var high: UInt64 = 0
        while index < count {
            if index + 8 <= count {
                let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
                high |= word
                if !Self.needsEscape(word) {
                    index += 8
                    continue
                }
            }
            let byte = start[index]
            high |= UInt64(byte)
            if byte < 0x20 || byte == 0x22 || byte == 0x5c {
                bytes.append(UnsafeBufferPointer(start: start + mark, count: index - mark))
                switch byte {
                case 0x22: bytes.append("\\\"")
                case 0x5c: bytes.append("\\\\")
                case 0x08: bytes.append("\\b")
                case 0x09: bytes.append("\\t")
                case 0x0a: bytes.append("\\n")
                case 0x0c: bytes.append("\\f")
                case 0x0d: bytes.append("\\r")
                default:
                    bytes.append("\\u00")
                    bytes.append(Self.hexDigit(byte >> 4))
                    bytes.append(Self.hexDigit(byte & 0x0f))
                }
                mark = index + 1
            }
            index += 1
        }
        bytes.append(UnsafeBufferPointer(start: start + mark, count: count - mark))
        return high & 0x8080_8080_8080_8080 != 0
    }

    /// True when one of the 8 bytes of `word` is below 0x20, a quote or a backslash (exact: the bit tricks
    /// "has a byte less than n" for n ≤ 128 and "has a zero byte" never miss a byte nor report one that is not there).
    private static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let control = (word &- ones &* 0x20) & ~word & highs
        let quoted = word ^ (ones &* 0x22)
        let backslashed = word ^ (ones &* 0x5c)
        let quote = (quoted &- ones) & ~quoted & highs
        let backslash = (backslashed &- ones) & ~backslashed & highs
        return control | quote | backslash != 0
    }

    /// A lower-case hex digit, as `JSONWriter` writes them.
    private static func hexDigit(_ value: UInt8) -> UInt8 { value < 10 ? 0x30 + value : 0x61 + value - 10 }
}
