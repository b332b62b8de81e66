/// What the client needs to know about one AWS service: how to find its endpoint, how to sign
/// for it, which wire protocol it speaks and what its IAM actions are called.
///
/// The constants below cover the services anshin reads; a service client adds its own with the
/// memberwise initialiser. Values come from each service's API model (`serviceId`,
/// `endpointPrefix`, `signingName`, `apiVersion`, `targetPrefix`).
public struct AWSService: Sendable, Hashable, CustomStringConvertible {
    /// The wire protocol of the service's API model.
    public enum WireProtocol: Sendable, Hashable {
        /// Form-encoded `Action=…&Version=…`, XML responses (IAM, STS, RDS, ElastiCache, ELB).
        case query
        /// The query protocol with EC2's list serialization and error shape.
        case ec2Query
        /// JSON over POST with `X-Amz-Target`; the version is `1.0` or `1.1`.
        case json(version: String)
        /// REST with JSON bodies (Lambda, GuardDuty, Security Hub).
        case restJSON
        /// REST with XML bodies (S3, CloudFront).
        case restXML
    }

    /// The SDK service id (`"CloudWatch Logs"`), which names `AWS_ENDPOINT_URL_<SERVICE>`.
    public let id: String
    /// The host's first label: `{endpointPrefix}.{region}.amazonaws.com`.
    public let endpointPrefix: String
    /// The SigV4 service name.
    public let signingName: String
    /// The prefix of the service's IAM actions (`s3` in `s3:GetBucketPolicy`).
    public let actionPrefix: String
    public let wireProtocol: WireProtocol
    /// The `Version` parameter of query calls.
    public let apiVersion: String
    /// The `X-Amz-Target` prefix of JSON calls (`Logs_20140328`).
    public let targetPrefix: String?
    /// For a global service, its one host and the region it signs in; `nil` for regional ones.
    public let global: (host: String, signingRegion: String)?

    public init(id: String, endpointPrefix: String, signingName: String? = nil, actionPrefix: String? = nil,
                wireProtocol: WireProtocol, apiVersion: String, targetPrefix: String? = nil,
                global: (host: String, signingRegion: String)? = nil) {
        self.id = id
        self.endpointPrefix = endpointPrefix
        self.signingName = signingName ?? endpointPrefix
        self.actionPrefix = actionPrefix ?? signingName ?? endpointPrefix
        self.wireProtocol = wireProtocol
        self.apiVersion = apiVersion
        self.targetPrefix = targetPrefix
        self.global = global
    }

    /// The suffix of the service's `AWS_ENDPOINT_URL_…` variable: the id upper-cased, spaces
    /// turned into underscores (`CLOUDWATCH_LOGS`).
    public var environmentSuffix: String {
        id.uppercased().replacingOccurrences(of: " ", with: "_")
    }

    /// The key of the service in a `[services …]` section: the id lower-cased, spaces turned into
    /// underscores (`cloudwatch_logs`).
    public var configKey: String {
        id.lowercased().replacingOccurrences(of: " ", with: "_")
    }

    public var description: String { id }

    public static func == (lhs: AWSService, rhs: AWSService) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}

extension AWSService {
    public static let sts = AWSService(id: "STS", endpointPrefix: "sts", wireProtocol: .query, apiVersion: "2011-06-15")
    public static let iam = AWSService(id: "IAM", endpointPrefix: "iam", wireProtocol: .query, apiVersion: "2010-05-08",
                                       global: ("iam.amazonaws.com", "us-east-1"))
    public static let organizations = AWSService(id: "Organizations", endpointPrefix: "organizations",
                                                 wireProtocol: .json(version: "1.1"), apiVersion: "2016-11-28",
                                                 targetPrefix: "AWSOrganizationsV20161128",
                                                 global: ("organizations.us-east-1.amazonaws.com", "us-east-1"))
    public static let cloudFront = AWSService(id: "CloudFront", endpointPrefix: "cloudfront", wireProtocol: .restXML,
                                              apiVersion: "2020-05-31", global: ("cloudfront.amazonaws.com", "us-east-1"))
    public static let route53 = AWSService(id: "Route 53", endpointPrefix: "route53", wireProtocol: .restXML, apiVersion: "2013-04-01",
                                           global: ("route53.amazonaws.com", "us-east-1"))
    public static let s3 = AWSService(id: "S3", endpointPrefix: "s3", wireProtocol: .restXML, apiVersion: "2006-03-01")
    public static let s3Control = AWSService(id: "S3 Control", endpointPrefix: "s3-control", signingName: "s3",
                                             wireProtocol: .restXML, apiVersion: "2018-08-20")
    public static let ec2 = AWSService(id: "EC2", endpointPrefix: "ec2", wireProtocol: .ec2Query, apiVersion: "2016-11-15")
    public static let rds = AWSService(id: "RDS", endpointPrefix: "rds", wireProtocol: .query, apiVersion: "2014-10-31")
    public static let elastiCache = AWSService(id: "ElastiCache", endpointPrefix: "elasticache", wireProtocol: .query,
                                               apiVersion: "2015-02-02")
    /// Classic Load Balancers: the same endpoint and signing name as v2, another API version.
    public static let elasticLoadBalancing = AWSService(id: "Elastic Load Balancing", endpointPrefix: "elasticloadbalancing",
                                                        wireProtocol: .query, apiVersion: "2012-06-01")
    public static let elasticLoadBalancingV2 = AWSService(id: "Elastic Load Balancing v2", endpointPrefix: "elasticloadbalancing",
                                                          wireProtocol: .query, apiVersion: "2015-12-01")
    public static let codeBuild = AWSService(id: "CodeBuild", endpointPrefix: "codebuild", wireProtocol: .json(version: "1.1"),
                                             apiVersion: "2016-10-06", targetPrefix: "CodeBuild_20161006")
    public static let codePipeline = AWSService(id: "CodePipeline", endpointPrefix: "codepipeline", wireProtocol: .json(version: "1.1"),
                                                apiVersion: "2015-07-09", targetPrefix: "CodePipeline_20150709")
    public static let athena = AWSService(id: "Athena", endpointPrefix: "athena", wireProtocol: .json(version: "1.1"),
                                          apiVersion: "2017-05-18", targetPrefix: "AmazonAthena")
    public static let cloudTrail = AWSService(id: "CloudTrail", endpointPrefix: "cloudtrail", wireProtocol: .json(version: "1.1"),
                                              apiVersion: "2013-11-01",
                                              targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101")
    public static let config = AWSService(id: "Config Service", endpointPrefix: "config", wireProtocol: .json(version: "1.1"),
                                          apiVersion: "2014-11-12", targetPrefix: "StarlingDoveService")
    public static let cloudWatchLogs = AWSService(id: "CloudWatch Logs", endpointPrefix: "logs", wireProtocol: .json(version: "1.1"),
                                                  apiVersion: "2014-03-28", targetPrefix: "Logs_20140328")
    public static let ecr = AWSService(id: "ECR", endpointPrefix: "api.ecr", signingName: "ecr", wireProtocol: .json(version: "1.1"),
                                       apiVersion: "2015-09-21", targetPrefix: "AmazonEC2ContainerRegistry_V20150921")
    public static let ecs = AWSService(id: "ECS", endpointPrefix: "ecs", wireProtocol: .json(version: "1.1"),
                                       apiVersion: "2014-11-13", targetPrefix: "AmazonEC2ContainerServiceV20141113")
    public static let autoScaling = AWSService(id: "Auto Scaling", endpointPrefix: "autoscaling", wireProtocol: .query,
                                               apiVersion: "2011-01-01")
    public static let kms = AWSService(id: "KMS", endpointPrefix: "kms", wireProtocol: .json(version: "1.1"),
                                       apiVersion: "2014-11-01", targetPrefix: "TrentService")
    public static let secretsManager = AWSService(id: "Secrets Manager", endpointPrefix: "secretsmanager", wireProtocol: .json(version: "1.1"),
                                                  apiVersion: "2017-10-17", targetPrefix: "secretsmanager")
    public static let ssm = AWSService(id: "SSM", endpointPrefix: "ssm", wireProtocol: .json(version: "1.1"),
                                       apiVersion: "2014-11-06", targetPrefix: "AmazonSSM")
    public static let wafv2 = AWSService(id: "WAFV2", endpointPrefix: "wafv2", wireProtocol: .json(version: "1.1"),
                                         apiVersion: "2019-07-29", targetPrefix: "AWSWAF_20190729")
    public static let ssoAdmin = AWSService(id: "SSO Admin", endpointPrefix: "sso", wireProtocol: .json(version: "1.1"),
                                            apiVersion: "2020-07-20", targetPrefix: "SWBExternalService")
    public static let lambda = AWSService(id: "Lambda", endpointPrefix: "lambda", wireProtocol: .restJSON, apiVersion: "2015-03-31")
    public static let securityHub = AWSService(id: "SecurityHub", endpointPrefix: "securityhub", wireProtocol: .restJSON,
                                               apiVersion: "2018-10-26")
    public static let guardDuty = AWSService(id: "GuardDuty", endpointPrefix: "guardduty", wireProtocol: .restJSON,
                                             apiVersion: "2017-11-28")
    /// The IAM Identity Center portal (`GetRoleCredentials`), called with a bearer token, unsigned.
    public static let ssoPortal = AWSService(id: "SSO", endpointPrefix: "portal.sso", signingName: "awsssoportal",
                                             actionPrefix: "sso", wireProtocol: .restJSON, apiVersion: "2019-06-10")
}
