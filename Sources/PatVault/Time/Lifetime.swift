/// A `DUR` value: a count of days, weeks, calendar months or calendar years (`90d`, `12w`,
/// `6m`, `1y`). Months and years follow the calendar, so they are applied to a start time
/// rather than converted to seconds.
public struct Lifetime: Hashable, Sendable, CustomStringConvertible {
    public enum Unit: Character, Sendable, CaseIterable {
        case days = "d"
        case weeks = "w"
        case months = "m"
        case years = "y"
    }

    public var count: Int
    public var unit: Unit

    public init(count: Int, unit: Unit) {
        self.count = count
        self.unit = unit
    }

    /// Why a duration was refused, phrased for the error line.
    public struct Failure: Error, Equatable, CustomStringConvertible {
        public var input: String
        public var description: String {
            "'\(input)' is not a duration: use a whole number and a unit, such as 90d, 12w, 6m or 1y"
        }
    }

    /// The largest count accepted for any unit; well beyond any sane PAT lifetime.
    static let maximumCount = 36_600

    public static func parse(_ text: String) throws(Failure) -> Lifetime {
        guard let last = text.last, let unit = Unit(rawValue: Character(last.lowercased())),
            case let digits = text.dropLast(), !digits.isEmpty, digits.count <= 6,
            digits.allSatisfy({ $0.isASCII && $0.isNumber }), let count = Int(digits),
            count > 0, count <= maximumCount
        else { throw Failure(input: String(text.prefix(64))) }
        return Lifetime(count: count, unit: unit)
    }

    /// The instant this long after `start`, counting months and years on the calendar.
    public func after(_ start: Timestamp) -> Timestamp {
        switch unit {
        case .days: return start.adding(seconds: Int64(count) * Timestamp.secondsPerDay)
        case .weeks: return start.adding(seconds: Int64(count) * 7 * Timestamp.secondsPerDay)
        case .months: return start.adding(months: count)
        case .years: return start.adding(months: count * 12)
        }
    }

    /// The instant this long before `end`, for "created more than N ago" tests.
    public func before(_ end: Timestamp) -> Timestamp {
        switch unit {
        case .days: return end.adding(seconds: -Int64(count) * Timestamp.secondsPerDay)
        case .weeks: return end.adding(seconds: -Int64(count) * 7 * Timestamp.secondsPerDay)
        case .months: return end.adding(months: -count)
        case .years: return end.adding(months: -count * 12)
        }
    }

    public var description: String { "\(count)\(unit.rawValue)" }
}
