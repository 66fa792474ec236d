import Testing

@testable import PatVault

@Suite struct DateParserTests {
    @Test(arguments: [
        ("2027-06-30", "2027-06-30T00:00:00Z"),
        ("2027-06-30T09:00:00Z", "2027-06-30T09:00:00Z"),
        ("2027-06-30T09:00Z", "2027-06-30T09:00:00Z"),
        ("2027-06-30T09:00:00.999Z", "2027-06-30T09:00:00Z"),
        ("2027-06-30T09:00:00+02:00", "2027-06-30T07:00:00Z"),
        ("2027-06-30T01:00:00+0200", "2027-06-29T23:00:00Z"),
        ("2027-06-30T23:30:00-01:00", "2027-07-01T00:30:00Z"),
        ("2028-02-29", "2028-02-29T00:00:00Z"),
    ])
    func accepts(input: String, expected: String) throws {
        #expect(try DateParser.parse(input).iso8601 == expected)
    }

    @Test(arguments: [
        "", "2027", "2027-6-30", "2027-06-31", "2027-02-29", "2027-13-01", "2027-06-30T25:00:00Z",
        "2027-06-30T09:00:00", "2027-06-30 09:00:00Z", "2027-06-30Tnoon", "tomorrow", "2027-06-30Z", "1969-12-31",
        "2027-06-30T09:00:00+25:00", "2027-06-30T09:00:00Zjunk",
    ])
    func refuses(input: String) {
        #expect(throws: DateParser.Failure.self) { try DateParser.parse(input) }
    }
}

@Suite struct LifetimeTests {
    @Test(arguments: [
        ("90d", "2027-01-01T12:00:00Z", "2027-04-01T12:00:00Z"),
        ("12w", "2027-01-01T00:00:00Z", "2027-03-26T00:00:00Z"),
        ("1m", "2027-01-31T00:00:00Z", "2027-02-28T00:00:00Z"),
        ("6m", "2027-08-31T00:00:00Z", "2028-02-29T00:00:00Z"),
        ("1y", "2028-02-29T00:00:00Z", "2029-02-28T00:00:00Z"),
        ("1y", "2027-03-01T00:00:00Z", "2028-03-01T00:00:00Z"),
    ])
    func countsOnTheCalendar(text: String, start: String, end: String) throws {
        let lifetime = try Lifetime.parse(text)
        #expect(lifetime.after(try DateParser.parse(start)).iso8601 == end)
    }

    @Test(arguments: ["", "d", "90", "0d", "-5d", "1.5y", "90x", "9999999d", "1 y"])
    func refuses(text: String) {
        #expect(throws: Lifetime.Failure.self) { try Lifetime.parse(text) }
    }

    @Test func civilDateRoundTripsEveryDayForYears() {
        var day = CivilDate(year: 1999, month: 12, day: 25).daysSinceEpoch
        for _ in 0..<(366 * 40) {
            let date = CivilDate(daysSinceEpoch: day)
            #expect(date.isValid)
            #expect(date.daysSinceEpoch == day)
            day += 1
        }
    }

    @Test func wholeDaysRoundDown() throws {
        let expiry = try DateParser.parse("2027-02-01")
        #expect(try DateParser.parse("2027-01-31T00:00:01Z").wholeDays(until: expiry) == 0)
        #expect(try DateParser.parse("2027-01-31T00:00:00Z").wholeDays(until: expiry) == 1)
        #expect(try DateParser.parse("2027-02-01T00:00:01Z").wholeDays(until: expiry) == -1)
    }
}
