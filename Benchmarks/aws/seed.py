#!/usr/bin/env python3
"""Seeds a moto server with an AWS estate resembling examples/acme.

An Organization whose management account (moto's default account) holds Organizations,
IAM Identity Center, the organization trail and one forgotten workload; member accounts
acme-prd and acme-stg (plus a log-archive account) hold the product. Every unit of --scale
adds, in each of prd and stg, buckets, IAM users with keys and passwords, policies (some
allowing *:*), a VPC with subnets, instances with and without IMDSv2, a load balancer, an
RDS instance, a cache cluster, log groups, SSM parameters and a Lambda function, with good
and bad settings drawn from a random generator seeded by --seed, so two runs with the same
arguments build the same estate (ids that moto itself generates aside).

Usage: seed.py --endpoint http://127.0.0.1:PORT [--scale N] [--seed S] [--manifest FILE]

Prints how many resources it created and how long it took; --manifest writes the account
ids and counts as JSON for the benchmark harness.
"""

import argparse
import io
import json
import random
import sys
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

REGION = "ap-northeast-1"
ZONES = ["ap-northeast-1a", "ap-northeast-1c"]
ENVIRONMENTS = ["prd", "stg"]
# moto accepts any credentials; these follow the documented shape of an access key id.
ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"

ADMIN_POLICY = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}


def narrow_policy(bucket):
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": f"arn:aws:s3:::{bucket}/*"}]}


def tls_only_policy(bucket):
    return {"Version": "2012-10-17", "Statement": [{
        "Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
        "Resource": [f"arn:aws:s3:::{bucket}", f"arn:aws:s3:::{bucket}/*"],
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}


def lambda_zip():
    """A minimal deployment package (moto stores it; nothing runs it)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return {'ok': True}\n")
    return buffer.getvalue()


class Account:
    """Clients for one account: moto maps credentials from AssumeRole to the role's account."""

    def __init__(self, endpoint, credentials, name, account_id):
        self.endpoint = endpoint
        self.credentials = credentials
        self.name = name
        self.id = account_id
        self._clients = {}

    def client(self, service):
        if service not in self._clients:
            self._clients[service] = boto3.client(
                service, endpoint_url=self.endpoint, region_name=REGION,
                config=Config(retries={"max_attempts": 2}), **self.credentials)
            if service == "s3control":
                # S3 Control's endpoint rules put the account id in the host name
                # (123456789012.127.0.0.1), which does not resolve: send it to the endpoint itself.
                prefix = f"://{self.id}."
                def rewrite(request, **_):
                    request.url = request.url.replace(prefix, "://", 1)
                self._clients[service].meta.events.register("before-send.s3-control", rewrite)
        return self._clients[service]


class Seeder:
    def __init__(self, endpoint, scale, seed):
        self.endpoint = endpoint
        self.scale = scale
        self.seed = seed
        self.rng = random.Random(seed)
        self.counts = {}
        self.unsupported = set()
        self.zip = lambda_zip()

    def count(self, kind, number=1):
        self.counts[kind] = self.counts.get(kind, 0) + number

    def attempt(self, what, call):
        """Runs a call moto may not implement; records what it lacks instead of stopping."""
        try:
            return call()
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            self.unsupported.add(f"{what}: {code} {error.response.get('Error', {}).get('Message', '')[:120]}")
        except NotImplementedError as error:
            self.unsupported.add(f"{what}: not implemented ({error})")
        return None

    def chance(self, probability):
        return self.rng.random() < probability

    # Accounts

    def management(self):
        credentials = {"aws_access_key_id": ACCESS_KEY, "aws_secret_access_key": SECRET_KEY}
        account_id = boto3.client("sts", endpoint_url=self.endpoint, region_name=REGION,
                                  **credentials).get_caller_identity()["Account"]
        return Account(self.endpoint, credentials, "management", account_id)

    def member(self, management, name, email):
        organizations = management.client("organizations")
        status = organizations.create_account(Email=email, AccountName=name)["CreateAccountStatus"]
        account_id = status["AccountId"]
        role = f"arn:aws:iam::{account_id}:role/OrganizationAccountAccessRole"
        issued = management.client("sts").assume_role(RoleArn=role, RoleSessionName="seed")["Credentials"]
        credentials = {"aws_access_key_id": issued["AccessKeyId"], "aws_secret_access_key": issued["SecretAccessKey"],
                       "aws_session_token": issued["SessionToken"]}
        self.count("organizations-account")
        return Account(self.endpoint, credentials, name, account_id)

    # Resources

    def bucket(self, account, name, good):
        s3 = account.client("s3")
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
        self.count("s3-bucket")
        if good or self.chance(0.3):
            s3.put_public_access_block(Bucket=name, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
        if good or self.chance(0.5):
            algorithm = "aws:kms" if good else "AES256"
            s3.put_bucket_encryption(Bucket=name, ServerSideEncryptionConfiguration={
                "Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}}]})
        if good or self.chance(0.3):
            s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        if good:
            s3.put_bucket_lifecycle_configuration(Bucket=name, LifecycleConfiguration={"Rules": [{
                "ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""},
                "NoncurrentVersionExpiration": {"NoncurrentDays": 90},
                "AbortIncompleteMultipartUpload": {"DaysAfterInitiation": 7}}]})
            s3.put_bucket_policy(Bucket=name, Policy=json.dumps(tls_only_policy(name)))

    def user(self, account, name, console, keys, admin):
        iam = account.client("iam")
        iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "platform"}])
        self.count("iam-user")
        if console:
            iam.create_login_profile(UserName=name, Password="Seed-Password-" + name)
            if self.chance(0.5):
                serial = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]["SerialNumber"]
                iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1="123456",
                                      AuthenticationCode2="654321")
        for _ in range(keys):
            iam.create_access_key(UserName=name)
            self.count("iam-access-key")
        if admin:
            iam.put_user_policy(UserName=name, PolicyName="admin", PolicyDocument=json.dumps(ADMIN_POLICY))

    def policy(self, account, name, document):
        arn = account.client("iam").create_policy(PolicyName=name, PolicyDocument=json.dumps(document))["Policy"]["Arn"]
        self.count("iam-policy")
        return arn

    def network(self, account, env, index, flow_logs_bucket):
        ec2 = account.client("ec2")
        vpc = ec2.create_vpc(CidrBlock=f"10.{index % 250}.0.0/16")["Vpc"]["VpcId"]
        ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"acme-{env}-{index}"}])
        self.count("ec2-vpc")
        subnets = []
        for number, zone in enumerate(ZONES):
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.{index % 250}.{number}.0/24", AvailabilityZone=zone)
            subnets.append(subnet["Subnet"]["SubnetId"])
            self.count("ec2-subnet")
        group = ec2.create_security_group(GroupName=f"acme-{env}-{index}-web", Description="web", VpcId=vpc)["GroupId"]
        self.count("ec2-security-group")
        if self.chance(0.3):
            ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[{
                "IpProtocol": "tcp", "FromPort": 22, "ToPort": 22, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        if env == "prd" or self.chance(0.3):
            self.attempt("ec2 CreateFlowLogs", lambda: ec2.create_flow_logs(
                ResourceIds=[vpc], ResourceType="VPC", TrafficType="ALL", LogDestinationType="s3",
                LogDestination=f"arn:aws:s3:::{flow_logs_bucket}"))
            self.count("ec2-flow-log")
        return vpc, subnets, group

    def instances(self, account, env, index, subnets, group, image):
        ec2 = account.client("ec2")
        for number in range(2):
            tokens = "required" if self.chance(0.5) else "optional"
            instance_type = self.rng.choice(["t3.small", "m5.large", "t4g.small", "m7g.large"])
            ec2.run_instances(ImageId=image, InstanceType=instance_type, MinCount=1, MaxCount=1,
                              SubnetId=subnets[number % 2], SecurityGroupIds=[group],
                              MetadataOptions={"HttpTokens": tokens, "HttpEndpoint": "enabled"},
                              TagSpecifications=[{"ResourceType": "instance", "Tags": [
                                  {"Key": "Name", "Value": f"acme-{env}-worker-{index}-{number}"}]}])
            self.count("ec2-instance")

    def load_balancer(self, account, env, index, subnets, group, logs_bucket):
        elb = account.client("elbv2")
        arn = elb.create_load_balancer(Name=f"acme-{env}-{index}", Subnets=subnets, SecurityGroups=[group],
                                       Scheme="internet-facing", Type="application")["LoadBalancers"][0]["LoadBalancerArn"]
        self.count("elbv2-load-balancer")
        attributes = [{"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": str(self.chance(0.5)).lower()}]
        if env == "prd" and self.chance(0.7):
            attributes += [{"Key": "access_logs.s3.enabled", "Value": "true"},
                           {"Key": "access_logs.s3.bucket", "Value": logs_bucket}]
        elb.modify_load_balancer_attributes(LoadBalancerArn=arn, Attributes=attributes)

    def database(self, account, env, index):
        rds = account.client("rds")
        production = env == "prd"
        rds.create_db_instance(
            DBInstanceIdentifier=f"acme-{env}-db-{index}", Engine="postgres", EngineVersion="16.3",
            DBInstanceClass=self.rng.choice(["db.t3.medium", "db.t4g.medium", "db.m5.large", "db.r6g.large"]),
            AllocatedStorage=20, MasterUsername="acme", MasterUserPassword="seed-password-0",
            StorageEncrypted=production or self.chance(0.4), MultiAZ=production and self.chance(0.7),
            PubliclyAccessible=self.chance(0.1), DeletionProtection=production and self.chance(0.7),
            BackupRetentionPeriod=self.rng.choice([0, 1, 7, 14]))
        self.count("rds-db-instance")

    def cache(self, account, env, index):
        elasticache = account.client("elasticache")
        result = self.attempt("elasticache CreateCacheCluster", lambda: elasticache.create_cache_cluster(
            CacheClusterId=f"acme-{env}-cache-{index}", Engine="redis", NumCacheNodes=1,
            CacheNodeType=self.rng.choice(["cache.t3.micro", "cache.t4g.micro", "cache.r5.large"])))
        if result is not None:
            self.count("elasticache-cluster")
        # Redis with encryption settings is a replication group (what Prowler's checks read).
        group = self.attempt("elasticache CreateReplicationGroup", lambda: elasticache.create_replication_group(
            ReplicationGroupId=f"acme-{env}-redis-{index}", ReplicationGroupDescription="sessions", Engine="redis",
            CacheNodeType=self.rng.choice(["cache.t3.micro", "cache.t4g.micro"]), NumCacheClusters=1,
            AtRestEncryptionEnabled=env == "prd" or self.chance(0.5), TransitEncryptionEnabled=self.chance(0.5)))
        if group is not None:
            self.count("elasticache-replication-group")

    def log_groups(self, account, env, index):
        logs = account.client("logs")
        for service in ["web", "worker", "migrate"]:
            name = f"/acme/{env}/{service}-{index}"
            logs.create_log_group(logGroupName=name)
            self.count("logs-log-group")
            if self.chance(0.5):
                logs.put_retention_policy(logGroupName=name, retentionInDays=self.rng.choice([7, 30, 90, 365]))

    def parameters(self, account, env, index):
        ssm = account.client("ssm")
        for name, kind in [("database-url", "SecureString"), ("stripe-key", "SecureString"), ("feature-flags", "String")]:
            ssm.put_parameter(Name=f"/acme/{env}/{index}/{name}", Type=kind, Value="dummy")
            self.count("ssm-parameter")

    def function(self, account, env, index, role):
        architecture = "arm64" if self.chance(0.3) else "x86_64"
        account.client("lambda").create_function(
            FunctionName=f"acme-{env}-thumbnail-{index}", Runtime="python3.12", Role=role, Handler="index.handler",
            Code={"ZipFile": self.zip}, Architectures=[architecture])
        self.count("lambda-function")

    # Account-level settings

    def governance(self, account, env):
        """Trail, Config recorder, password policy, GuardDuty, Security Hub, EBS default encryption."""
        production = env == "prd"
        trail_bucket = f"acme-{env}-{account.id}-cloudtrail"
        self.bucket(account, trail_bucket, good=True)
        cloudtrail = account.client("cloudtrail")
        cloudtrail.create_trail(Name=f"acme-{env}", S3BucketName=trail_bucket, IsMultiRegionTrail=production,
                                EnableLogFileValidation=production)
        cloudtrail.start_logging(Name=f"acme-{env}")
        self.count("cloudtrail-trail")
        config = account.client("config")
        if production:
            role = f"arn:aws:iam::{account.id}:role/aws-service-role/config.amazonaws.com/AWSServiceRoleForConfig"
            config.put_configuration_recorder(ConfigurationRecorder={
                "name": "default", "roleARN": role,
                "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
            config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": trail_bucket})
            config.start_configuration_recorder(ConfigurationRecorderName="default")
            self.count("config-recorder")
            self.attempt("guardduty CreateDetector", lambda: account.client("guardduty").create_detector(Enable=True))
            self.attempt("securityhub EnableSecurityHub", lambda: account.client("securityhub").enable_security_hub())
            account.client("ec2").enable_ebs_encryption_by_default()
            account.client("iam").update_account_password_policy(
                MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
                RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, PasswordReusePrevention=24)
        else:
            # Staging: a weak password policy, GuardDuty created but suspended.
            account.client("iam").update_account_password_policy(MinimumPasswordLength=8)
            self.attempt("guardduty CreateDetector", lambda: account.client("guardduty").create_detector(Enable=False))
        account.client("iam").create_account_alias(AccountAlias=f"acme-{env}")
        self.attempt("s3control PutPublicAccessBlock", lambda: account.client("s3control").put_public_access_block(
            AccountId=account.id, PublicAccessBlockConfiguration={
                "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": production,
                "RestrictPublicBuckets": production}))

    def estate(self, account, env, image):
        self.governance(account, env)
        iam = account.client("iam")
        trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                         "Action": "sts:AssumeRole"}]}
        role = iam.create_role(RoleName=f"acme-{env}-lambda", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
        self.count("iam-role")
        logs_bucket = f"acme-{env}-{account.id}-logs"
        self.bucket(account, logs_bucket, good=True)
        for index in range(self.scale):
            self.bucket(account, f"acme-{env}-app-{index}", good=self.chance(0.6))
            self.bucket(account, f"acme-{env}-exports-{index}", good=False)
            self.bucket(account, f"acme-{env}-artifacts-{index}", good=self.chance(0.3))
            admin = self.chance(0.2)
            self.user(account, f"{env}-dev-{index}", console=True, keys=self.rng.choice([0, 1, 2]), admin=False)
            self.user(account, f"{env}-ci-{index}", console=False, keys=1, admin=admin)
            policy = self.policy(account, f"acme-{env}-app-{index}", narrow_policy(f"acme-{env}-app-{index}"))
            iam.attach_user_policy(UserName=f"{env}-ci-{index}", PolicyArn=policy)
            if self.chance(0.3):
                admin_arn = self.policy(account, f"acme-{env}-admin-{index}", ADMIN_POLICY)
                iam.attach_role_policy(RoleName=f"acme-{env}-lambda", PolicyArn=admin_arn)
            vpc, subnets, group = self.network(account, env, index, logs_bucket)
            self.instances(account, env, index, subnets, group, image)
            self.load_balancer(account, env, index, subnets, group, logs_bucket)
            self.database(account, env, index)
            self.cache(account, env, index)
            self.log_groups(account, env, index)
            self.parameters(account, env, index)
            self.function(account, env, index, role)

    def run(self):
        management = self.management()
        organizations = management.client("organizations")
        organization = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
        log_archive = self.member(management, "Log Archive", "log-archive@acme.example")
        members = {env: self.member(management, f"acme-{env}", f"aws-{env}@acme.example") for env in ENVIRONMENTS}
        # The management account: the organization trail delivering to the log-archive account's
        # bucket, IAM Identity Center, a weak-less (absent) password policy and one forgotten instance.
        archive_bucket = f"acme-log-archive-{log_archive.id}"
        self.bucket(log_archive, archive_bucket, good=True)
        management.client("cloudtrail").create_trail(Name="organization", S3BucketName=archive_bucket,
                                                     IsMultiRegionTrail=True, IsOrganizationTrail=True,
                                                     EnableLogFileValidation=True)
        self.count("cloudtrail-trail")
        self.attempt("sso-admin ListInstances", lambda: management.client("sso-admin").list_instances())
        # One of moto's built-in images; asking moto for Amazon's images takes half a minute.
        image = "ami-12c6146b"
        ec2 = management.client("ec2")
        vpc = ec2.describe_vpcs()["Vpcs"][0]["VpcId"]
        subnet = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"][0]["SubnetId"]
        ec2.run_instances(ImageId=image, InstanceType="t3.micro", MinCount=1, MaxCount=1, SubnetId=subnet,
                          TagSpecifications=[{"ResourceType": "instance", "Tags": [{"Key": "Name", "Value": "legacy-bastion"}]}])
        self.count("ec2-instance")
        # Each environment has its own random generator, so the accounts are seeded in parallel
        # and still come out the same on every run.
        children = {env: Seeder(self.endpoint, self.scale, f"{self.seed}-{env}") for env in members}
        with ThreadPoolExecutor(max_workers=len(members)) as pool:
            for future in [pool.submit(children[env].estate, account, env, image) for env, account in members.items()]:
                future.result()
        for child in children.values():
            for kind, number in child.counts.items():
                self.count(kind, number)
            self.unsupported |= child.unsupported
        return {
            "organization": organization,
            "management": management.id,
            "logArchive": log_archive.id,
            "accounts": {env: account.id for env, account in members.items()},
            "region": REGION,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", required=True, help="the moto server, e.g. http://127.0.0.1:5000")
    parser.add_argument("--scale", type=int, default=1, help="units per environment (each about 26 resources; 39 make 2,000)")
    parser.add_argument("--seed", type=int, default=20261127, help="seed of the random generator")
    parser.add_argument("--manifest", help="write account ids and resource counts to this JSON file")
    arguments = parser.parse_args()
    if arguments.scale < 1:
        parser.error("--scale must be at least 1")
    if not arguments.endpoint.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]")):
        parser.error("--endpoint must be a loopback address: this script only seeds a local emulator")

    seeder = Seeder(arguments.endpoint, arguments.scale, arguments.seed)
    started = time.monotonic()
    try:
        manifest = seeder.run()
    except ClientError as error:
        print(f"seed.py: {error}", file=sys.stderr)
        return 1
    elapsed = time.monotonic() - started
    total = sum(seeder.counts.values())
    manifest.update({"scale": arguments.scale, "seed": arguments.seed, "resources": total, "counts": seeder.counts,
                     "seconds": round(elapsed, 1), "unsupported": sorted(seeder.unsupported)})
    if arguments.manifest:
        with open(arguments.manifest, "w") as handle:
            json.dump(manifest, handle, indent=2, sort_keys=True)
    print(f"seeded {total} resources in {elapsed:.1f} s (scale {arguments.scale})")
    for line in sorted(seeder.unsupported):
        print(f"  moto lacks: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
