import Foundation

/// One ``CanonicalJSONEncoder`` run: owns its ``CanonicalJSONOutput`` and encodes values into it, calling their
/// `encode(to:)` for anything but scalars, dates and arrays of scalars. Its encoders and containers refer to it.
///
/// The output is kept behind a pointer: its writes are then not checked for exclusive access at run time (a
/// class's stored properties would be, at every one of the thousands of small writes of a record). That is
/// sound because no method of the output calls out to a value: every call from here into it ends before the
/// next one starts.
final class CanonicalJSONWriter {
    private let output: UnsafeMutablePointer<CanonicalJSONOutput>

    init() {
        output = UnsafeMutablePointer<CanonicalJSONOutput>.allocate(capacity: 1)
        output.initialize(to: CanonicalJSONOutput())
    }

    deinit {
        output.pointee.free()
        output.deinitialize(count: 1)
        output.deallocate()
    }

    /// The bytes so far, copied.
    var bytes: [UInt8] { output.pointee.bytes.array }
    /// Why the value must be encoded by `JSONEncoder` instead, once something was refused.
    var unsupported: String? { output.pointee.unsupported }
    /// The error that abandons the run.
    var refusal: CanonicalJSONUnsupported { output.pointee.refusal }

    /// Encodes `value` as the value just begun at `depth - 1` (or at the top when `depth` is 0): scalars, dates and
    /// arrays of scalars directly, anything else through its `encode(to:)` into a new slot at `depth`.
    func encodeValue<T: Encodable>(_ value: T, depth: Int) throws {
        if T.self == String.self, let string = value as? String {
            output.pointee.writeString(string)
        } else if T.self == Double.self, let double = value as? Double {
            output.pointee.writeDouble(double)
        } else if T.self == Int.self, let int = value as? Int {
            output.pointee.writeInteger(int)
        } else if T.self == Bool.self, let bool = value as? Bool {
            output.pointee.writeBool(bool)
        } else if T.self == Date.self, let date = value as? Date {
            try output.pointee.writeDate(date)
        } else if T.self == [Double].self, let doubles = value as? [Double] {
            output.pointee.writeArray(doubles) { $0.writeDouble($1) }
        } else if T.self == [Int].self, let ints = value as? [Int] {
            output.pointee.writeArray(ints) { $0.writeInteger($1) }
        } else if T.self == [String].self, let strings = value as? [String] {
            output.pointee.writeArray(strings) { $0.writeString($1) }
        } else if T.self == Data.self || T.self == URL.self || T.self == Decimal.self || T.self is AnyClass {
            output.pointee.refuse("\(T.self) is encoded specially or may be bridged by JSONEncoder")
            throw refusal
        } else {
            let serial = output.pointee.openSlot()
            do {
                try value.encode(to: CanonicalJSONValueEncoder(writer: self, serial: serial, depth: depth))
            } catch {
                // The key or comma before this value is written already; `JSONEncoder` adds a member only once its
                // value encoded, so a parent that swallows the error (`try?`) would get other bytes here: refused,
                // so the whole value falls back to `JSONEncoder`.
                output.pointee.refuse("a value threw while encoding: \(error)")
                throw error
            }
            guard unsupported == nil else { throw refusal }
            output.pointee.closeFrames(downTo: depth)
        }
    }

    /// Marks the value as one to encode with `JSONEncoder` (the first reason is kept).
    func refuse(_ reason: String) { output.pointee.refuse(reason) }

    /// Closes every frame at `depth` and above, innermost first.
    func closeFrames(downTo depth: Int) { output.pointee.closeFrames(downTo: depth) }

    /// Turns the slot at `depth` into an object or array; returns the container's serial (0 when refused).
    func openContainer(inSlot serial: Int, depth: Int, keyed: Bool) -> Int {
        output.pointee.openContainer(inSlot: serial, depth: depth, keyed: keyed)
    }

    /// Opens an object or array as the value just begun; returns its serial (0 when refused).
    func openNested(keyed: Bool) -> Int { output.pointee.openNested(keyed: keyed) }

    /// Begins the single value of the slot at `depth`; false when refused.
    func beginSingleValue(_ serial: Int, _ depth: Int) -> Bool { output.pointee.beginSingleValue(serial, depth) }

    /// Begins the next element of the array at `depth`; false when refused.
    func beginElement(_ serial: Int, _ depth: Int) -> Bool { output.pointee.beginElement(serial, depth) }

    /// The elements written to the array at `depth` so far (0 and refused when it was closed).
    func elementCount(_ serial: Int, _ depth: Int) -> Int { output.pointee.elementCount(serial, depth) }

    /// Begins the member `key` of the object at `depth`; false when refused.
    func beginMember(_ key: String, _ serial: Int, _ depth: Int) -> Bool { output.pointee.beginMember(key, serial, depth) }

    func writeNull() { output.pointee.writeNull() }
    func writeBool(_ value: Bool) { output.pointee.writeBool(value) }
    func writeString(_ value: String) { output.pointee.writeString(value) }
    func writeDouble(_ value: Double) { output.pointee.writeDouble(value) }
    func writeFloat(_ value: Float) { output.pointee.writeFloat(value) }
    func writeInteger<T: FixedWidthInteger & SignedInteger>(_ value: T) { output.pointee.writeInteger(value) }
    func writeUnsigned<T: FixedWidthInteger & UnsignedInteger>(_ value: T) { output.pointee.writeUnsigned(value) }
    /// A 128-bit integer, as its `description`.
    func writeDescription(_ value: some CustomStringConvertible) { output.pointee.writeDescription(value) }
}
