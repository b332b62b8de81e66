import AnshinCore
import Testing
@testable import AnshinAudit

@Suite struct RDSCheckTests {
    func terraform(env: String = "prd", kind: Database.Kind = .instance, _ change: (inout Database) -> Void) -> Inventory {
        var database = Fixture.goodDatabase(kind: kind)
        change(&database)
        return .terraform(env: env) { $0.databases = [database] }
    }

    func live(kind: Database.Kind = .instance, _ change: (inout Database) -> Void) -> Inventory {
        var database = Fixture.goodDatabase(Fixture.liveDBRef, kind: kind)
        change(&database)
        return .aws { $0.databases = [database] }
    }

    @Test func goodDatabasePassesEveryRDSCheck() {
        for check in CheckCatalog.all where check.metadata.id.hasPrefix("rds-") {
            #expect(check.evaluate(terraform { _ in }).isEmpty, "\(check.metadata.id)")
            #expect(check.evaluate(terraform(kind: .cluster) { _ in }).isEmpty, "\(check.metadata.id)")
        }
    }

    @Test(arguments: ["rds-instance-public-access", "rds-instance-storage-encrypted", "rds-cluster-storage-encrypted",
                      "rds-instance-multi-az", "rds-instance-deletion-protection", "rds-cluster-deletion-protection",
                      "rds-instance-backups", "rds-graviton"])
    func unknownSettingsNeverReport(id: String) throws {
        let check = try #require(CheckCatalog.all.first { $0.metadata.id == id })
        for kind in [Database.Kind.instance, .cluster] {
            var database = Database(reference: Fixture.dbRef, kind: kind)
            database.engine = .unknown
            database.instanceClass = .unknown
            database.storageEncrypted = .unknown
            database.multiAZ = .unknown
            database.publiclyAccessible = .unknown
            database.deletionProtection = .unknown
            database.backupRetentionDays = .unknown
            #expect(check.evaluate(.terraform { $0.databases = [database] }).isEmpty)
        }
    }

    @Test func publicAccess() throws {
        let finding = try onlyFinding(RDSInstancePublicAccess(), terraform {
            $0.publiclyAccessible = .known(true)
            $0.settingLocations["publicly_accessible"] = Fixture.line(12, "metabase.tf")
        })
        expectFinding(finding, "rds-instance-public-access", .critical, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) is publicly accessible in the prd environment",
                      at: Fixture.line(12, "metabase.tf"))
    }

    @Test func instanceEncryptionLive() throws {
        let finding = try onlyFinding(RDSInstanceStorageEncrypted(), live { $0.storageEncrypted = .known(false) })
        expectFinding(finding, "rds-instance-storage-encrypted", .high, "acme-prd-metabase",
                      "DB instance acme-prd-metabase in account 111111111111 (ap-northeast-1) has unencrypted storage", at: nil)
    }

    @Test func instanceEncryptionSkipsClusterMembers() {
        #expect(RDSInstanceStorageEncrypted().evaluate(terraform {
            $0.storageEncrypted = .known(false)
            $0.inCluster = true
        }).isEmpty)
    }

    @Test func clusterEncryption() throws {
        let finding = try onlyFinding(RDSClusterStorageEncrypted(), terraform(kind: .cluster) {
            $0.storageEncrypted = .known(false)
            $0.settingLocations["storage_encrypted"] = Fixture.line(7, "metabase.tf")
        })
        expectFinding(finding, "rds-cluster-storage-encrypted", .high, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) has unencrypted storage in the prd environment",
                      at: Fixture.line(7, "metabase.tf"))
    }

    @Test func multiAZOnlyInProduction() throws {
        let finding = try onlyFinding(RDSInstanceMultiAZ(), terraform { $0.multiAZ = .known(false) })
        expectFinding(finding, "rds-instance-multi-az", .medium, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) is not Multi-AZ in the prd environment",
                      at: Fixture.line(3, "metabase.tf"))
        #expect(RDSInstanceMultiAZ().evaluate(terraform(env: "stg") { $0.multiAZ = .known(false) }).isEmpty)
    }

    @Test func instanceDeletionProtection() throws {
        let finding = try onlyFinding(RDSInstanceDeletionProtection(), live { $0.deletionProtection = .known(false) })
        expectFinding(finding, "rds-instance-deletion-protection", .medium, "acme-prd-metabase",
                      "DB instance acme-prd-metabase in account 111111111111 (ap-northeast-1) has deletion protection off", at: nil)
        #expect(RDSInstanceDeletionProtection().evaluate(terraform(env: "stg") { $0.deletionProtection = .known(false) }).isEmpty)
        #expect(RDSInstanceDeletionProtection().evaluate(terraform {
            $0.deletionProtection = .known(false)
            $0.inCluster = true
        }).isEmpty)
    }

    @Test func clusterDeletionProtection() throws {
        let finding = try onlyFinding(RDSClusterDeletionProtection(), terraform(kind: .cluster) {
            $0.deletionProtection = .known(false)
        })
        expectFinding(finding, "rds-cluster-deletion-protection", .medium, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) has no deletion protection in the prd environment",
                      at: Fixture.line(3, "metabase.tf"))
        #expect(RDSClusterDeletionProtection().evaluate(terraform(env: "stg", kind: .cluster) {
            $0.deletionProtection = .known(false)
        }).isEmpty)
    }

    @Test func backupsOff() throws {
        let finding = try onlyFinding(RDSInstanceBackups(), terraform(env: "stg") {
            $0.backupRetentionDays = .known(0)
            $0.settingLocations["backup_retention_period"] = Fixture.line(15, "metabase.tf")
        })
        expectFinding(finding, "rds-instance-backups", .high, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) has automated backups off (backup_retention_period = 0) in the stg environment",
                      at: Fixture.line(15, "metabase.tf"))
    }

    @Test func shortBackupsInProductionAreLow() throws {
        let finding = try onlyFinding(RDSInstanceBackups(), live { $0.backupRetentionDays = .known(1) })
        expectFinding(finding, "rds-instance-backups", .low, "acme-prd-metabase",
                      "DB instance acme-prd-metabase in account 111111111111 (ap-northeast-1) keeps automated backups for only 1 day",
                      at: nil)
        #expect(RDSInstanceBackups().evaluate(terraform(env: "stg") { $0.backupRetentionDays = .known(1) }).isEmpty)
    }

    @Test func graviton() throws {
        let finding = try onlyFinding(RDSGraviton(), terraform {
            $0.instanceClass = .known("db.t3.medium")
            $0.settingLocations["instance_class"] = Fixture.line(5, "metabase.tf")
        })
        expectFinding(finding, "rds-graviton", .low, "aws_db_instance.metabase",
                      "aws_db_instance.metabase (acme-prd-metabase) runs on db.t3.medium; db.t4g.medium is its Graviton equivalent in the prd environment",
                      at: Fixture.line(5, "metabase.tf"))
        #expect(finding.pillars == [.cost, .performance, .sustainability])
    }

    @Test func gravitonSkipsUnsupportedEngines() {
        #expect(RDSGraviton().evaluate(terraform {
            $0.instanceClass = .known("db.m5.large")
            $0.engine = .known("sqlserver-se")
        }).isEmpty)
        #expect(RDSGraviton().evaluate(terraform {
            $0.instanceClass = .known("db.m5.large")
            $0.engine = .known(nil)
        }).isEmpty)
    }

    @Test(arguments: [
        ("db.t3.medium", "db.t4g.medium"), ("db.t2.micro", "db.t4g.micro"), ("db.m5.large", "db.m6g.large"),
        ("db.r5.2xlarge", "db.r6g.2xlarge"), ("db.m6i.xlarge", "db.m7g.xlarge"), ("db.r7i.4xlarge", "db.r8g.4xlarge"),
        ("db.m5d.large", "db.m6g.large"),
    ])
    func rdsClassMapping(from: String, to: String) {
        #expect(Graviton.rds(from) == to)
    }

    @Test(arguments: ["db.t4g.medium", "db.r6g.large", "db.m5.24xlarge", "db.x1e.xlarge", "db.z1d.large", "db.t3.nano", "t3.medium"])
    func rdsClassWithoutSuggestion(_ instanceClass: String) {
        #expect(Graviton.rds(instanceClass) == nil)
    }
}
