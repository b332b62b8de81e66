@testable import AnshinAudit
import AnshinAWS
import AnshinCore
import AnshinHTTP
import AnshinTesting
import Foundation
import Testing

/// What moto cannot show of the edge, covered with responses shaped as the CloudFront API
/// reference documents them: moto 5.2.1 keeps no `OriginAccessControlId` on a distribution's
/// origins, so an origin signed by an origin access control is read here.
@Suite struct AWSRecordedEdgeTests {
    static let listDistributions = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DistributionList xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
          <Marker></Marker><MaxItems>100</MaxItems><IsTruncated>false</IsTruncated><Quantity>1</Quantity>
          <Items>
            <DistributionSummary>
              <Id>EDFDVBD6EXAMPLE</Id>
              <ARN>arn:aws:cloudfront::111111111111:distribution/EDFDVBD6EXAMPLE</ARN>
              <Status>Deployed</Status>
              <DomainName>d111111abcdef8.cloudfront.net</DomainName>
              <WebACLId></WebACLId>
            </DistributionSummary>
          </Items>
        </DistributionList>
        """

    static let distributionConfig = """
        <?xml version="1.0" encoding="UTF-8"?>
        <DistributionConfig xmlns="http://cloudfront.amazonaws.com/doc/2020-05-31/">
          <CallerReference>site-2026</CallerReference>
          <Aliases><Quantity>1</Quantity><Items><CNAME>www.example.com</CNAME></Items></Aliases>
          <Origins>
            <Quantity>3</Quantity>
            <Items>
              <Origin>
                <Id>site</Id>
                <DomainName>acme-site.s3.ap-northeast-1.amazonaws.com</DomainName>
                <OriginPath></OriginPath>
                <S3OriginConfig><OriginAccessIdentity></OriginAccessIdentity></S3OriginConfig>
                <OriginAccessControlId>E2QWRUHEXAMPLE</OriginAccessControlId>
              </Origin>
              <Origin>
                <Id>downloads</Id>
                <DomainName>acme-downloads.s3.ap-northeast-1.amazonaws.com</DomainName>
                <S3OriginConfig><OriginAccessIdentity>origin-access-identity/cloudfront/E74FTE3EXAMPLE</OriginAccessIdentity></S3OriginConfig>
                <OriginAccessControlId></OriginAccessControlId>
              </Origin>
              <Origin>
                <Id>www</Id>
                <DomainName>acme-www.s3-website-ap-northeast-1.amazonaws.com</DomainName>
                <CustomOriginConfig><HTTPPort>80</HTTPPort><HTTPSPort>443</HTTPSPort><OriginProtocolPolicy>http-only</OriginProtocolPolicy></CustomOriginConfig>
              </Origin>
            </Items>
          </Origins>
          <DefaultCacheBehavior>
            <TargetOriginId>site</TargetOriginId>
            <ViewerProtocolPolicy>redirect-to-https</ViewerProtocolPolicy>
          </DefaultCacheBehavior>
          <CacheBehaviors>
            <Quantity>1</Quantity>
            <Items>
              <CacheBehavior><PathPattern>/downloads/*</PathPattern><TargetOriginId>downloads</TargetOriginId>
                <ViewerProtocolPolicy>https-only</ViewerProtocolPolicy></CacheBehavior>
            </Items>
          </CacheBehaviors>
          <Comment></Comment>
          <Logging><Enabled>false</Enabled><IncludeCookies>false</IncludeCookies><Bucket></Bucket><Prefix></Prefix></Logging>
          <Enabled>true</Enabled>
          <ViewerCertificate>
            <CloudFrontDefaultCertificate>false</CloudFrontDefaultCertificate>
            <ACMCertificateArn>arn:aws:acm:us-east-1:111111111111:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b</ACMCertificateArn>
            <SSLSupportMethod>sni-only</SSLSupportMethod>
            <MinimumProtocolVersion>TLSv1_2016</MinimumProtocolVersion>
            <CertificateSource>acm</CertificateSource>
          </ViewerCertificate>
          <WebACLId></WebACLId>
        </DistributionConfig>
        """

    static func reader(answering config: String?) -> (LiveReader, RecordingTransport) {
        let transport = RecordingTransport { request in
            if request.path.hasSuffix("/config") {
                guard let config else {
                    let denied = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>denied</Message></Error></ErrorResponse>"
                    return HTTPResponse(status: 403, body: Array(denied.utf8))
                }
                return HTTPResponse(status: 200, body: Array(config.utf8))
            }
            return HTTPResponse(status: 200, body: Array(listDistributions.utf8))
        }
        let client = AWSClient(region: "us-east-1",
                               credentials: CredentialProvider(AWSCredentials(accessKeyID: "AKIDEXAMPLE", secretAccessKey: "not-a-real-secret-key")),
                               transport: transport, retry: RetryPolicy(maxAttempts: 1))
        return (LiveReader(client: client, account: "111111111111", environment: "prd", gaps: LiveGaps(), perResourceConcurrency: 1), transport)
    }

    @Test func originsSignedByAnAccessControlAreKnown() async throws {
        let (reader, transport) = Self.reader(answering: Self.distributionConfig)
        let distribution = try #require(try await reader.distributions().first)
        #expect(distribution.reference.identifier == "EDFDVBD6EXAMPLE")
        #expect(distribution.allowsHTTP == .known(false))
        #expect(distribution.defaultCertificate == .known(false))
        #expect(distribution.minimumProtocolVersion == .known("TLSv1_2016"))
        // The website endpoint is a custom origin; the two REST endpoints are S3 origins.
        #expect(distribution.s3Origins == .known([DistributionOrigin(id: "site", accessControl: true, accessIdentity: false),
                                                  DistributionOrigin(id: "downloads", accessControl: false, accessIdentity: true)]))
        #expect(transport.requests.map(\.path) == ["/2020-05-31/distribution", "/2020-05-31/distribution/EDFDVBD6EXAMPLE/config"])

        var inventory = Inventory(source: .aws)
        inventory.account = "111111111111"
        inventory.distributions = [distribution]
        let findings = CheckCatalog.evaluate(inventory)
        let access = findings.filter { $0.ruleID == "cloudfront-s3-origin-access-control" }
        #expect(access.count == 1 && access.first?.message?.contains("downloads") == true && access.first?.message?.contains("legacy") == true)
        #expect(findings.contains { $0.ruleID == "cloudfront-viewer-tls" && $0.severity == .medium })
        #expect(!findings.contains { $0.ruleID == "cloudfront-viewer-https" })
    }

    @Test func aConfigurationThatCannotBeReadIsUnknown() async throws {
        let (reader, _) = Self.reader(answering: nil)
        let distribution = try #require(try await reader.distributions().first)
        #expect(distribution.allowsHTTP == .unknown && distribution.s3Origins == .unknown && distribution.minimumProtocolVersion == .unknown)
        var inventory = Inventory(source: .aws)
        inventory.distributions = [distribution]
        #expect(CheckCatalog.evaluate(inventory).filter { $0.ruleID.hasPrefix("cloudfront-") && $0.ruleID != "cloudfront-logging" }.isEmpty)
    }
}
