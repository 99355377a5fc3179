import Foundation

/// SHA-256 (FIPS 180-4), for the digests of compacted status records.
///
/// The pure core computes the digests itself rather than take them from a caller: a digest is part of the
/// status file's format, and `iter8 replay` recomputes it from the file alone. Foundation has no SHA-256 on
/// Linux and this module imports nothing else, so it is implemented here (tested against the FIPS vectors
/// and swift-crypto). Named apart from swift-crypto's `SHA256`, which modules importing both also see.
public enum StatusDigest {
    /// The 32-byte SHA-256 digest of `message`.
    public static func sha256(_ message: some Sequence<UInt8>) -> [UInt8] {
        let state = hash(message)
        return [UInt8](unsafeUninitializedCapacity: 32) { bytes, count in
            for word in 0..<8 {
                let value = state[word]
                for byte in 0..<4 { bytes[word * 4 + byte] = UInt8(truncatingIfNeeded: value &>> UInt32(24 - 8 * byte)) }
            }
            count = 32
        }
    }

    /// The SHA-256 digest as `sha256:` and 64 lower-case hex digits, the form status files use.
    public static func label(_ message: some Sequence<UInt8>) -> String {
        let state = hash(message)
        return hexDigits.withUnsafeBufferPointer { digits in
            String(unsafeUninitializedCapacity: 71) { text in
                for (index, byte) in "sha256:".utf8.enumerated() { text[index] = byte }
                for word in 0..<8 {
                    let value = state[word]
                    for nibble in 0..<8 {
                        text[7 + word * 8 + nibble] = digits[Int(truncatingIfNeeded: (value &>> UInt32(28 - 4 * nibble)) & 0xf)]
                    }
                }
                return 71
            }
        }
    }

    /// The canonical bytes digests are taken of: JSON with sorted keys, unescaped slashes, dates as seconds since
    /// 1970 and non-finite numbers as the strings `+Inf`, `-Inf` and `NaN`. Empty when the value cannot be
    /// encoded (no status type throws).
    ///
    /// The bytes are Foundation's `JSONEncoder`'s with those settings (`referenceCanonicalJSON`), which the digests
    /// already in status files were taken of; `CanonicalJSONEncoder` writes the same bytes directly, several times
    /// faster, and this falls back to `JSONEncoder` for a value whose bytes only it determines.
    public static func canonicalJSON(_ value: some Encodable) -> [UInt8] {
        CanonicalJSONEncoder.encode(value) ?? referenceCanonicalJSON(value)
    }

    /// The canonical bytes as Foundation's `JSONEncoder` writes them: the definition ``canonicalJSON(_:)`` follows.
    static func referenceCanonicalJSON(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "+Inf", negativeInfinity: "-Inf", nan: "NaN")
        return (try? encoder.encode(value)).map(Array.init) ?? []
    }

    /// The hash state after `message` (FIPS 180-4): the message's contiguous bytes are read in place, else copied
    /// once.
    private static func hash(_ message: some Sequence<UInt8>) -> HashState {
        if let state = message.withContiguousStorageIfAvailable({ hash(contiguous: $0) }) { return state }
        return Array(message).withUnsafeBufferPointer { hash(contiguous: $0) }
    }

    private static func hash(contiguous message: UnsafeBufferPointer<UInt8>) -> HashState {
        var state = HashState()
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 64) { schedule in
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 128) { tail in
                k.withUnsafeBufferPointer { constants in
                    let whole = message.count / 64 * 64
                    if let start = message.baseAddress {
                        for offset in stride(from: 0, to: whole, by: 64) {
                            compress(&state, UnsafeRawPointer(start + offset), schedule, constants)
                        }
                    }
                    // The rest, 0x80, zeros and the length in bits: one block, or two when fewer than 9 bytes are left.
                    let rest = message.count - whole
                    let tailCount = rest < 56 ? 64 : 128
                    for index in 0..<tailCount { tail[index] = index < rest ? message[whole + index] : 0 }
                    tail[rest] = 0x80
                    let bitLength = UInt64(truncatingIfNeeded: message.count) &* 8
                    for byte in 0..<8 { tail[tailCount - 1 - byte] = UInt8(truncatingIfNeeded: bitLength &>> UInt64(8 * byte)) }
                    if let tailStart = tail.baseAddress {  // always: the allocation is 128 bytes
                        compress(&state, UnsafeRawPointer(tailStart), schedule, constants)
                        if tailCount == 128 { compress(&state, UnsafeRawPointer(tailStart + 64), schedule, constants) }
                    }
                }
            }
        }
        return state
    }

    /// One 64-byte block into the state: the message schedule in `w`, then 64 rounds, eight at a time so that the
    /// eight working words stay in their registers (each round renames them instead of moving them).
    private static func compress(
        _ state: inout HashState, _ block: UnsafeRawPointer, _ w: UnsafeMutableBufferPointer<UInt32>,
        _ k: UnsafeBufferPointer<UInt32>
    ) {
        for i in 0..<16 { w[i] = UInt32(bigEndian: block.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)) }
        for i in 16..<64 {
            let s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] &>> 3)
            let s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] &>> 10)
            w[i] = w[i - 16] &+ s0 &+ w[i - 7] &+ s1
        }
        var (a, b, c, d, e, f, g, h) = (state.a, state.b, state.c, state.d, state.e, state.f, state.g, state.h)
        for i in stride(from: 0, to: 64, by: 8) {
            round(a, b, c, &d, e, f, g, &h, k[i] &+ w[i])
            round(h, a, b, &c, d, e, f, &g, k[i + 1] &+ w[i + 1])
            round(g, h, a, &b, c, d, e, &f, k[i + 2] &+ w[i + 2])
            round(f, g, h, &a, b, c, d, &e, k[i + 3] &+ w[i + 3])
            round(e, f, g, &h, a, b, c, &d, k[i + 4] &+ w[i + 4])
            round(d, e, f, &g, h, a, b, &c, k[i + 5] &+ w[i + 5])
            round(c, d, e, &f, g, h, a, &b, k[i + 6] &+ w[i + 6])
            round(b, c, d, &e, f, g, h, &a, k[i + 7] &+ w[i + 7])
        }
        state.a &+= a
        state.b &+= b
        state.c &+= c
        state.d &+= d
        state.e &+= e
        state.f &+= f
        state.g &+= g
        state.h &+= h
    }

    /// One round: with the words named in their order for this round, `d` becomes d + T1 and `h` T1 + T2 (the
    /// next round names `h` as its `a` and `d` as its `e`).
    @inline(__always)
    private static func round(
        _ a: UInt32, _ b: UInt32, _ c: UInt32, _ d: inout UInt32, _ e: UInt32, _ f: UInt32, _ g: UInt32, _ h: inout UInt32,
        _ kw: UInt32
    ) {
        let t1 = h &+ (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) &+ ((e & f) ^ (~e & g)) &+ kw
        let t2 = (rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) &+ ((a & b) ^ (a & c) ^ (b & c))
        d &+= t1
        h = t1 &+ t2
    }

    /// The eight words of the hash (scalars, so that the rounds keep them in registers).
    private struct HashState {
        var a: UInt32 = 0x6a09_e667, b: UInt32 = 0xbb67_ae85, c: UInt32 = 0x3c6e_f372, d: UInt32 = 0xa54f_f53a
        var e: UInt32 = 0x510e_527f, f: UInt32 = 0x9b05_688c, g: UInt32 = 0x1f83_d9ab, h: UInt32 = 0x5be0_cd19

        /// Word `index` (0 to 7).
        subscript(index: Int) -> UInt32 {
            switch index {
            case 0: a
            case 1: b
            case 2: c
            case 3: d
            case 4: e
            case 5: f
            case 6: g
            default: h
            }
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    private static func rotr(_ x: UInt32, _ n: UInt32) -> UInt32 { (x &>> n) | (x &<< (32 &- n)) }

    private static let k: [UInt32] = [
        0x428a_2f98, 0x7137_4491, 0xb5c0_fbcf, 0xe9b5_dba5, 0x3956_c25b, 0x59f1_11f1, 0x923f_82a4, 0xab1c_5ed5,
        0xd807_aa98, 0x1283_5b01, 0x2431_85be, 0x550c_7dc3, 0x72be_5d74, 0x80de_b1fe, 0x9bdc_06a7, 0xc19b_f174,
        0xe49b_69c1, 0xefbe_4786, 0x0fc1_9dc6, 0x240c_a1cc, 0x2de9_2c6f, 0x4a74_84aa, 0x5cb0_a9dc, 0x76f9_88da,
        0x983e_5152, 0xa831_c66d, 0xb003_27c8, 0xbf59_7fc7, 0xc6e0_0bf3, 0xd5a7_9147, 0x06ca_6351, 0x1429_2967,
        0x27b7_0a85, 0x2e1b_2138, 0x4d2c_6dfc, 0x5338_0d13, 0x650a_7354, 0x766a_0abb, 0x81c2_c92e, 0x9272_2c85,
        0xa2bf_e8a1, 0xa81a_664b, 0xc24b_8b70, 0xc76c_51a3, 0xd192_e819, 0xd699_0624, 0xf40e_3585, 0x106a_a070,
        0x19a4_c116, 0x1e37_6c08, 0x2748_774c, 0x34b0_bcb5, 0x391c_0cb3, 0x4ed8_aa4a, 0x5b9c_ca4f, 0x682e_6ff3,
        0x748f_82ee, 0x78a5_636f, 0x84c8_7814, 0x8cc7_0208, 0x90be_fffa, 0xa450_6ceb, 0xbef9_a3f7, 0xc671_78f2,
    ]
}
