import AnshinAWS
import AnshinCore
import AnshinHTTP

/// RDS instances and clusters, ElastiCache replication groups and clusters, SSM parameters and
/// Lambda functions of one Region.
extension LiveReader {
    func databases(_ regional: AWSClient) async throws(AWSError) -> [Database] {
        let instances = try await regional.queryPages(service: .rds, action: "DescribeDBInstances").collect()
            .flatMap { $0.all("DBInstances/DBInstance") }
            .map { item in
                let id = item.value("DBInstanceIdentifier") ?? "?"
                var database = Database(reference: reference("AWS::RDS::DBInstance", id, name: id, arn: item.value("DBInstanceArn"),
                                                             region: regional.region), kind: .instance)
                database.instanceClass = .known(item.value("DBInstanceClass"))
                database.publiclyAccessible = .known(item.bool("PubliclyAccessible") ?? false)
                database.inCluster = item.value("DBClusterIdentifier") != nil
                database.autoMinorVersionUpgrade = .from(item.bool("AutoMinorVersionUpgrade"), else: .unknown)
                database.reference.vpc = item.value("DBSubnetGroup/VpcId")
                database.reference.subnets = item.all("DBSubnetGroup/Subnets/Subnet").compactMap { $0.value("SubnetIdentifier") }
                return Self.common(database, item)
            }
        let clusters = try await regional.queryPages(service: .rds, action: "DescribeDBClusters").collect()
            .flatMap { $0.all("DBClusters/DBCluster") }
            .map { item in
                let id = item.value("DBClusterIdentifier") ?? "?"
                let database = Database(reference: reference("AWS::RDS::DBCluster", id, name: id, arn: item.value("DBClusterArn"),
                                                             region: regional.region), kind: .cluster)
                return Self.common(database, item)
            }
        return instances + clusters
    }

    /// The settings instances and clusters share.
    private static func common(_ database: Database, _ item: XML) -> Database {
        var database = database
        database.engine = .known(item.value("Engine"))
        database.storageEncrypted = .known(item.bool("StorageEncrypted") ?? false)
        database.multiAZ = .known(item.bool("MultiAZ") ?? false)
        database.deletionProtection = .known(item.bool("DeletionProtection") ?? false)
        database.backupRetentionDays = .from(item.int("BackupRetentionPeriod"), else: .unknown)
        return database
    }

    /// Replication groups, and the clusters that belong to none (Memcached, single-node Redis).
    func cacheClusters(_ regional: AWSClient) async throws(AWSError) -> [CacheCluster] {
        let clusters = try await regional.queryPages(service: .elastiCache, action: "DescribeCacheClusters").collect()
            .flatMap { $0.all("CacheClusters/CacheCluster") }
        let groups = try await regional.queryPages(service: .elastiCache, action: "DescribeReplicationGroups").collect()
            .flatMap { $0.all("ReplicationGroups/ReplicationGroup") }
        let engines = Dictionary(clusters.compactMap { item in item.value("ReplicationGroupId").map { ($0, item.value("Engine")) } },
                                 uniquingKeysWith: { first, _ in first })
        let grouped = groups.map { item in
            let id = item.value("ReplicationGroupId") ?? "?"
            var cache = CacheCluster(reference: reference("AWS::ElastiCache::ReplicationGroup", id, name: id, arn: item.value("ARN"),
                                                          region: regional.region))
            cache.engine = .known(item.value("Engine") ?? engines[id].flatMap { $0 })
            return Self.encryption(cache, item)
        }
        let standalone = clusters.filter { $0.value("ReplicationGroupId") == nil }.map { item in
            let id = item.value("CacheClusterId") ?? "?"
            var cache = CacheCluster(reference: reference("AWS::ElastiCache::CacheCluster", id, name: id, arn: item.value("ARN"),
                                                          region: regional.region))
            cache.engine = .known(item.value("Engine"))
            return Self.encryption(cache, item)
        }
        return grouped + standalone
    }

    private static func encryption(_ cache: CacheCluster, _ item: XML) -> CacheCluster {
        var cache = cache
        cache.nodeType = .known(item.value("CacheNodeType"))
        cache.atRestEncryption = .known(item.bool("AtRestEncryptionEnabled") ?? false)
        cache.transitEncryption = .known(item.bool("TransitEncryptionEnabled") ?? false)
        return cache
    }

    /// Parameters exist outside Terraform here, so none is "managed by Terraform". Each
    /// SecureString's value is read decrypted (`ssm:GetParameters` with `kms:Decrypt`) only to
    /// compare it with the placeholders Terraform writes; the value itself is dropped at once.
    func parameters(_ regional: AWSClient) async throws(AWSError) -> [Parameter] {
        var parameters = try await listedParameters(regional)
        let secure = parameters.indices.filter { parameters[$0].type.value == "SecureString" }
        for batch in stride(from: 0, to: secure.count, by: 10).map({ Array(secure[$0..<min($0 + 10, secure.count)]) }) {
            let names = batch.map { parameters[$0].reference.identifier }
            let placeholders: [String: Bool]? = await optional(.ssm, region: regional.region, missing: nil, fallback: nil) {
                () async throws(AWSError) -> [String: Bool]? in
                let response = try await regional.json(service: .ssm, operation: "GetParameters",
                                                       body: ["Names": .array(names.map { .string($0) }), "WithDecryption": .bool(true)])
                var result: [String: Bool] = [:]
                for item in response["Parameters"]?.array ?? [] {
                    guard let name = item["Name"]?.string, let value = item["Value"]?.string else { continue }
                    result[name] = TerraformReader.placeholders.contains(value.lowercased())
                }
                return result
            }
            for index in batch {
                parameters[index].storedPlaceholder = placeholders?[parameters[index].reference.identifier].map(Setting.known) ?? .unknown
            }
        }
        return parameters
    }

    private func listedParameters(_ regional: AWSClient) async throws(AWSError) -> [Parameter] {
        try await regional.jsonPages(service: .ssm, operation: "DescribeParameters", body: ["MaxResults": 50]).collect()
            .flatMap { $0["Parameters"]?.array ?? [] }
            .compactMap { item in
                guard let name = item["Name"]?.string else { return nil }
                let path = name.hasPrefix("/") ? String(name.dropFirst()) : name
                return Parameter(reference: reference("AWS::SSM::Parameter", name, name: name,
                                                      arn: "arn:aws:ssm:\(regional.region):\(account):parameter/\(path)", region: regional.region),
                                 type: .from(item["Type"]?.string, else: .unknown), managedByTerraform: false)
            }
    }

    func functions(_ regional: AWSClient) async throws(AWSError) -> [Function] {
        let listed = try await regional.restJSONPages(service: .lambda, operation: "ListFunctions", path: "/2015-03-31/functions/").collect()
            .flatMap { $0["Functions"]?.array ?? [] }
            .compactMap { item -> Function? in
                guard let name = item["FunctionName"]?.string else { return nil }
                var function = Function(reference: reference("AWS::Lambda::Function", name, name: name, arn: item["FunctionArn"]?.string,
                                                             region: regional.region))
                function.architectures = .known(item["Architectures"]?.array?.compactMap(\.string) ?? ["x86_64"])
                function.runtime = .known(item["Runtime"]?.string)
                // The values are looked at to tell empty from set, and dropped here.
                let variables = (item["Environment"]?["Variables"]?.object ?? [:]).sorted { $0.key < $1.key }
                function.secretEnvironment = .known(EnvironmentSecrets.secretNames(variables.map { ($0.key, $0.value.string ?? "") }))
                if let vpc = item["VpcConfig"]?["VpcId"]?.string, !vpc.isEmpty {
                    function.reference.vpc = vpc
                    function.reference.subnets = (item["VpcConfig"]?["SubnetIds"]?.array ?? []).compactMap(\.string)
                }
                return function
            }
        return await concurrentMap(listed, limit: perResourceConcurrency) { (read: Function) -> Function in
            var function = read
            function.publicURL = await functionURLIsPublic(regional, function.reference.name ?? function.reference.identifier)
            return function
        }
    }

    /// Whether the function's URL lets anyone invoke it (`lambda:GetFunctionUrlConfig`,
    /// `AuthType` `NONE`); false when it has no URL, unknown when it cannot be read.
    func functionURLIsPublic(_ regional: AWSClient, _ name: String) async -> Setting<Bool> {
        do throws(AWSError) {
            let configuration = try await regional.restJSON(service: .lambda, operation: "GetFunctionUrlConfig",
                                                            path: "/2021-10-31/functions/\(PercentEncoding.encode(name))/url")
            return .from(configuration["AuthType"]?.string.map { $0.uppercased() == "NONE" }, else: .unknown)
        } catch {
            if error.code == "ResourceNotFoundException" { return .known(false) }
            gaps.record(error, service: .lambda, region: regional.region)
            return .unknown
        }
    }
}

// MARK: - KMS keys

extension LiveReader {
    /// The customer managed keys of one Region (`kms:ListKeys`, `kms:DescribeKey`,
    /// `kms:GetKeyRotationStatus`). AWS managed keys, rotated by AWS, are left out; a key whose
    /// description is denied is left out too, and its rotation status, when denied, is unknown.
    func kmsKeys(_ regional: AWSClient) async throws(AWSError) -> [KMSKey] {
        let ids = try await regional.jsonPages(service: .kms, operation: "ListKeys", body: ["Limit": 1000],
                                               inputToken: "Marker", outputToken: "NextMarker").collect()
            .flatMap { $0["Keys"]?.array ?? [] }
            .compactMap { $0["KeyId"]?.string }
        let keys = await concurrentMap(ids, limit: perResourceConcurrency) { id -> KMSKey? in
            let described: JSON? = await optional(.kms, region: regional.region, missing: nil, fallback: nil) {
                () async throws(AWSError) -> JSON? in
                try await regional.json(service: .kms, operation: "DescribeKey", body: ["KeyId": .string(id)])["KeyMetadata"]
            }
            guard let metadata = described, metadata["KeyManager"]?.string == "CUSTOMER",
                  metadata["KeyState"]?.string != "PendingDeletion" else { return nil }
            var key = KMSKey(reference: reference("AWS::KMS::Key", id, arn: metadata["Arn"]?.string, region: regional.region))
            let spec = metadata["KeySpec"]?.string ?? metadata["CustomerMasterKeySpec"]?.string ?? "SYMMETRIC_DEFAULT"
            key.rotatable = .known(spec == "SYMMETRIC_DEFAULT" && (metadata["KeyUsage"]?.string ?? "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
                                   && (metadata["Origin"]?.string ?? "AWS_KMS") == "AWS_KMS")
            key.enabled = .known(metadata["KeyState"]?.string == "Enabled")
            if key.rotatable.isTrue, key.enabled.isTrue {
                key.rotation = await optional(.kms, region: regional.region, missing: .unknown, fallback: .unknown) {
                    () async throws(AWSError) -> Setting<Bool> in
                    let status = try await regional.json(service: .kms, operation: "GetKeyRotationStatus", body: ["KeyId": .string(id)])
                    return .from(status["KeyRotationEnabled"]?.bool, else: .unknown)
                }
            } else {
                key.rotation = .unknown
            }
            return key
        }
        return keys.compactMap { $0 }
    }
}

// MARK: - ECR repositories

extension LiveReader {
    /// The private repositories of one Region (`ecr:DescribeRepositories`) and whether a
    /// registry-wide configuration scans every repository on push
    /// (`ecr:GetRegistryScanningConfiguration`: enhanced scanning, or a basic rule filtered by `*`).
    func containerRepositories(_ regional: AWSClient) async throws(AWSError) -> [ContainerRepository] {
        let listed = try await regional.jsonPages(service: .ecr, operation: "DescribeRepositories", body: ["maxResults": 1000],
                                                  inputToken: "nextToken", outputToken: "nextToken").collect()
            .flatMap { $0["repositories"]?.array ?? [] }
        let registryScansAll: Bool = await optional(.ecr, region: regional.region, missing: false, fallback: false) {
            () async throws(AWSError) -> Bool in
            let configuration = try await regional.json(service: .ecr, operation: "GetRegistryScanningConfiguration")["scanningConfiguration"]
            if configuration?["scanType"]?.string == "ENHANCED" { return true }
            return (configuration?["rules"]?.array ?? []).contains { rule in
                ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"].contains(rule["scanFrequency"]?.string ?? "")
                    && (rule["repositoryFilters"]?.array ?? []).contains { $0["filter"]?.string == "*" }
            }
        }
        return listed.compactMap { item in
            guard let name = item["repositoryName"]?.string else { return nil }
            var repository = ContainerRepository(reference: reference("AWS::ECR::Repository", name, arn: item["repositoryArn"]?.string,
                                                                      region: regional.region))
            let own = item["imageScanningConfiguration"]?["scanOnPush"]?.bool ?? false
            repository.scanOnPush = .known(own || registryScansAll)
            repository.immutableTags = .known((item["imageTagMutability"]?.string ?? "MUTABLE").hasPrefix("IMMUTABLE"))
            return repository
        }
    }
}

// MARK: - ECS task definitions

extension LiveReader {
    /// The latest active revision of each task definition family of one Region
    /// (`ecs:ListTaskDefinitionFamilies`, `ecs:DescribeTaskDefinition`): what a service deploys
    /// next. Older revisions are history. Only the names of secret-looking environment variables
    /// are kept, never their values.
    func taskDefinitions(_ regional: AWSClient) async throws(AWSError) -> [TaskDefinition] {
        let families = try await regional.jsonPages(service: .ecs, operation: "ListTaskDefinitionFamilies", body: ["status": "ACTIVE"],
                                                    inputToken: "nextToken", outputToken: "nextToken").collect()
            .flatMap { $0["families"]?.array ?? [] }.compactMap(\.string)
        let read = await concurrentMap(families, limit: perResourceConcurrency) { family -> TaskDefinition? in
            await optional(.ecs, region: regional.region, missing: nil, fallback: nil) { () async throws(AWSError) -> TaskDefinition? in
                let described = try await regional.json(service: .ecs, operation: "DescribeTaskDefinition",
                                                         body: ["taskDefinition": .string(family)])["taskDefinition"]
                guard let described else { return nil }
                let arn = described["taskDefinitionArn"]?.string ?? family
                var task = TaskDefinition(reference: reference("AWS::ECS::TaskDefinition", arn, name: family, arn: arn, region: regional.region))
                task.containers = ContainerDefinitions.read(described["containerDefinitions"].map(ContainerDefinitions.value))
                return task
            }
        }
        return read.compactMap { $0 }
    }
}
