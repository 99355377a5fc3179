import Foundation

/// A growable byte buffer for ``CanonicalJSONOutput``: appends are a capacity check and a copy, without an
/// array's uniqueness check and reference counting. Its owner frees it (``free()``) exactly once and never copies
/// it (a copy would share the memory).
struct CanonicalJSONByteBuffer {
    /// The first byte.
    private(set) var base: UnsafeMutablePointer<UInt8>
    /// The bytes written.
    private(set) var count = 0
    private var capacity: Int

    init(capacity: Int) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Releases the memory; the buffer is not used afterwards.
    func free() { base.deallocate() }

    /// The bytes as an array.
    var array: [UInt8] { [UInt8](UnsafeBufferPointer(start: base, count: count)) }

    /// The bytes `range` (offsets from the start), valid until the next append.
    subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: base + range.lowerBound, count: range.count)
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let source = bytes.baseAddress, bytes.count > 0 else { return }
        reserve(bytes.count)
        (base + count).update(from: source, count: bytes.count)
        count += bytes.count
    }

    /// Appends an ASCII literal.
    mutating func append(_ text: StaticString) {
        append(UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    /// Appends `count` bytes of value `byte` and returns where they start.
    mutating func appendPlaceholder(_ byte: UInt8, count extra: Int) -> UnsafeMutablePointer<UInt8> {
        reserve(extra)
        let start = base + count
        start.initialize(repeating: byte, count: extra)
        count += extra
        return start
    }

    /// Drops the bytes from offset `newCount` on.
    mutating func truncate(to newCount: Int) {
        count = min(count, max(0, newCount))
    }
}
