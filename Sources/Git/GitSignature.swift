import Foundation

/// Who made a commit and when: the author or committer line of a commit.
///
/// The time is always given explicitly so that commits are reproducible: the same changes, parent,
/// identity, time and message give the same commit id.
public struct GitSignature: Hashable, Sendable {
    /// The person's or bot's name.
    public var name: String
    /// The e-mail address.
    public var email: String
    /// The moment of the signature (whole seconds are recorded).
    public var time: Date
    /// The time zone offset recorded with the time, in minutes east of UTC.
    public var timeZoneOffsetMinutes: Int

    /// Creates a signature for `name <email>` at `time`.
    public init(name: String, email: String, time: Date, timeZoneOffsetMinutes: Int = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
    }
}
