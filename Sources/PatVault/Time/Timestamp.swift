/// A moment in time as whole seconds since the Unix epoch, always read and written in UTC.
///
/// patvault stores and compares instants only; calendars enter where people type dates and
/// where lifetimes are counted in calendar months and years (`CivilDate`).
public struct Timestamp: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var seconds: Int64

    public init(seconds: Int64) { self.seconds = seconds }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    public static let secondsPerDay: Int64 = 86_400

    /// The civil date and time of day in UTC.
    public var civil: CivilDateTime {
        let days = seconds.floorDiv(Self.secondsPerDay)
        let secondOfDay = seconds - days * Self.secondsPerDay
        return CivilDateTime(
            date: CivilDate(daysSinceEpoch: days),
            hour: Int(secondOfDay / 3600), minute: Int(secondOfDay % 3600 / 60), second: Int(secondOfDay % 60))
    }

    /// ISO 8601 in UTC, e.g. `2027-06-30T00:00:00Z`.
    public var iso8601: String {
        var out: [UInt8] = []
        appendISO8601(to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the ISO 8601 form as bytes, digit by digit: output of 100,000 credentials
    /// formats 100,000 dates, and this is the hot path.
    public func appendISO8601(to out: inout [UInt8]) {
        let time = civil
        let zero = UInt8(ascii: "0")
        func two(_ value: Int) {
            out.append(zero + UInt8(value / 10))
            out.append(zero + UInt8(value % 10))
        }
        if (0...9999).contains(time.date.year) {
            two(time.date.year / 100)
            two(time.date.year % 100)
        } else {
            out.append(contentsOf: String(time.date.year).utf8)
        }
        out.append(UInt8(ascii: "-"))
        two(time.date.month)
        out.append(UInt8(ascii: "-"))
        two(time.date.day)
        out.append(UInt8(ascii: "T"))
        two(time.hour)
        out.append(UInt8(ascii: ":"))
        two(time.minute)
        out.append(UInt8(ascii: ":"))
        two(time.second)
        out.append(UInt8(ascii: "Z"))
    }

    /// The date part alone, e.g. `2027-06-30`, for tables.
    public var dateString: String {
        var out: [UInt8] = []
        appendISO8601(to: &out)
        return String(decoding: out[..<10], as: UTF8.self)
    }

    public var description: String { iso8601 }

    public func adding(seconds delta: Int64) -> Timestamp { Timestamp(seconds: seconds + delta) }

    /// Adds calendar months (a year is 12), clamping the day to the end of a shorter month:
    /// 2028-02-29 plus one year is 2029-02-28, as Azure DevOps counts a year.
    public func adding(months: Int) -> Timestamp {
        let time = civil
        let shifted = time.date.adding(months: months)
        return CivilDateTime(date: shifted, hour: time.hour, minute: time.minute, second: time.second).timestamp
    }

    /// Whole days from `self` until `later`, rounded down (negative when `later` is earlier).
    public func wholeDays(until later: Timestamp) -> Int64 {
        (later.seconds - seconds).floorDiv(Self.secondsPerDay)
    }
}

extension Int64 {
    /// Division rounding towards negative infinity, which calendar arithmetic needs.
    func floorDiv(_ divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
