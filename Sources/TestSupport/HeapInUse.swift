import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The bytes glibc's allocator has handed out and not taken back, over every arena of this process, for tests of
/// leaks in C libraries (whose allocations Swift cannot see).
///
/// Read from `malloc_info(3)`'s totals (in use = the arenas' current size less their free chunks, plus mmapped
/// chunks): `mallinfo2` is not visible to Swift through the Glibc module and `malloc_info` is, by `dlsym`.
public enum HeapInUse {
    /// Bytes in use now; nil where glibc's `malloc_info` is not available.
    public static func bytes() -> Int? {
        #if canImport(Glibc)
        typealias MallocInfo = @convention(c) (Int32, UnsafeMutablePointer<FILE>?) -> Int32
        guard let symbol = dlsym(nil, "malloc_info"),  // nil is RTLD_DEFAULT
              let file = tmpfile()
        else { return nil }
        defer { fclose(file) }
        guard unsafeBitCast(symbol, to: MallocInfo.self)(0, file) == 0 else { return nil }
        fflush(file)
        rewind(file)
        var text = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            text.append(contentsOf: buffer[0..<count])
        }
        return inUse(xml: String(decoding: text, as: UTF8.self))
        #else
        return nil
        #endif
    }

    /// In use according to a `malloc_info` document: the last (process-wide) totals.
    static func inUse(xml: String) -> Int? {
        func last(_ prefix: String) -> Int? {
            guard let range = xml.range(of: prefix, options: .backwards) else { return nil }
            let rest = xml[range.upperBound...]
            guard let size = rest.range(of: "size=\"") else { return nil }
            return Int(rest[size.upperBound...].prefix { $0.isNumber })
        }
        guard let current = last("<system type=\"current\""), let fast = last("<total type=\"fast\""),
              let free = last("<total type=\"rest\""), let mmapped = last("<total type=\"mmap\"")
        else { return nil }
        return current - fast - free + mmapped
    }
}
