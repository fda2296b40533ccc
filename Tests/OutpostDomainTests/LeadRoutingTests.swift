import OutpostDomain
import Testing

/// Routing head-office leads to branches by region code: the most specific code wins.
@Suite struct LeadRoutingTests {
    private let branches = [
        LeadRouting.Branch(id: "ou-hd", regionCodes: ["110108"]),      // Haidian district
        LeadRouting.Branch(id: "ou-cy", regionCodes: ["110105"]),      // Chaoyang district
        LeadRouting.Branch(id: "ou-bj", regionCodes: ["110100"]),      // the rest of Beijing
    ]

    @Test(arguments: [
        ("110108", nil, "ou-hd"), ("110105", nil, "ou-cy"), ("110101", nil, "ou-bj"),
        (nil, "110100", "ou-bj"), ("310104", nil, nil), (nil, nil, nil),
    ] as [(String?, String?, String?)])
    func theMostSpecificCodeWins(district: String?, city: String?, branch: String?) {
        #expect(LeadRouting.branch(districtCode: district, cityCode: city, among: branches) == branch)
    }
}
