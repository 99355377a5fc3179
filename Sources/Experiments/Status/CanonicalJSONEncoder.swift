import Foundation

/// The canonical JSON bytes of status digests (``StatusDigest/canonicalJSON(_:)``), written straight into one
/// byte buffer: byte for byte what Foundation's `JSONEncoder` gives with `.sortedKeys`, `.withoutEscapingSlashes`,
/// `.secondsSince1970` dates and non-finite numbers as `+Inf`, `-Inf`, `NaN` (swift-foundation at
/// swift-6.3.1-RELEASE, `JSONWriter.swift` and `JSONEncoder.swift`), without its tree of boxed values.
///
/// What it reproduces of Foundation:
/// - an object's keys sorted by their UTF-8 bytes (`a.key.utf8.lexicographicallyPrecedes(b.key.utf8)`);
/// - strings and keys escaped as `JSONWriter` does: `"` `\` as `\"` `\\`, U+0008 U+0009 U+000A U+000C U+000D as
///   `\b` `\t` `\n` `\f` `\r`, the other controls below U+0020 as `\u00xx` in lower-case hex, everything else
///   (`/`, DEL, U+2028, U+2029, all non-ASCII) as its UTF-8 bytes;
/// - integers in decimal; a `Double` or `Float` as its `description` without a trailing `.0`; a `Date` as its
///   `timeIntervalSince1970` written the same way; a value that encodes nothing as `{}`; top-level fragments.
///
/// Where Foundation's result depends on more than this (two keys of one object that are equal as Strings — a
/// repeated key, or canonically equivalent spellings such as `é` and `e` + U+0301, or `K` and the Kelvin sign —
/// which it merges; a second container requested from one encoder, which it merges; `superEncoder`; a container
/// used after a sibling was started; `codingPath` read by a value; `Data`, `URL`, `Decimal` and class instances,
/// which it special-cases or may bridge; a non-finite date or a value that encodes nothing at the top level,
/// which it refuses; nesting near its depth limit of 512), ``encode(_:)`` returns nil and the caller uses
/// `JSONEncoder` itself for the whole value.
enum CanonicalJSONEncoder {
    /// The canonical bytes of `value`, or nil when only `JSONEncoder` can say exactly what they are (see the type's
    /// documentation) or encoding threw.
    static func encode(_ value: some Encodable) -> [UInt8]? {
        let writer = CanonicalJSONWriter()
        do {
            try writer.encodeValue(value, depth: 0)
            writer.closeFrames(downTo: 0)
        } catch {
            return nil
        }
        return writer.unsupported == nil ? writer.bytes : nil
    }
}
