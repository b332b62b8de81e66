#!/usr/bin/env python3
"""Seeds one fresh account of a moto server with a small estate for the live audit tests.

moto keeps one state per account and maps the keys STS AssumeRole issues to the role's
account, so assuming a role in an account id no other test uses isolates a test. Names are
prefixed with --prefix so buckets (global names) never clash either.

Usage: seed-account.py --endpoint URL --account 123456789012 --prefix p [--region us-east-1] [--organization] [--web]
Prints the temporary credentials of the account as JSON; with --organization the account also
creates an Organization with one member account, whose id is printed as MEMBER_ACCOUNT; with --web
it also runs a web service (see seed_web).
"""

import argparse
import io
import json
import zipfile

import boto3

ADMIN = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
NARROW = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--account", required=True)
    parser.add_argument("--prefix", required=True)
    parser.add_argument("--region", default="us-east-1")
    parser.add_argument("--organization", action="store_true")
    parser.add_argument("--web", action="store_true")
    args = parser.parse_args()
    base = dict(endpoint_url=args.endpoint, region_name=args.region,
                aws_access_key_id="AKIDMOTOTESTKEY00000", aws_secret_access_key="moto-test-secret-not-real")
    issued = boto3.client("sts", **base).assume_role(
        RoleArn=f"arn:aws:iam::{args.account}:role/seed", RoleSessionName="seed")["Credentials"]
    keys = dict(aws_access_key_id=issued["AccessKeyId"], aws_secret_access_key=issued["SecretAccessKey"],
                aws_session_token=issued["SessionToken"])

    def client(name):
        return boto3.client(name, endpoint_url=args.endpoint, region_name=args.region, **keys)

    p = args.prefix
    s3 = client("s3")
    s3.create_bucket(Bucket=f"{p}-open")
    s3.create_bucket(Bucket=f"{p}-locked")
    s3.put_public_access_block(Bucket=f"{p}-locked", PublicAccessBlockConfiguration={
        "BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True})
    s3.put_bucket_versioning(Bucket=f"{p}-locked", VersioningConfiguration={"Status": "Enabled"})
    s3.put_bucket_encryption(Bucket=f"{p}-locked", ServerSideEncryptionConfiguration={"Rules": [
        {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": "alias/data"}}]})
    s3.put_bucket_lifecycle_configuration(Bucket=f"{p}-locked", LifecycleConfiguration={"Rules": [
        {"ID": "expire", "Status": "Enabled", "Filter": {"Prefix": ""}, "Expiration": {"Days": 30},
         "NoncurrentVersionExpiration": {"NoncurrentDays": 30}}]})

    iam = client("iam")
    iam.create_user(UserName=f"{p}-admin")
    iam.put_user_policy(UserName=f"{p}-admin", PolicyName="everything", PolicyDocument=json.dumps(ADMIN))
    iam.create_login_profile(UserName=f"{p}-admin", Password="Not-a-real-Passw0rd!")
    iam.create_access_key(UserName=f"{p}-admin")
    iam.create_user(UserName=f"{p}-reader")
    policy = iam.create_policy(PolicyName=f"{p}-reader", PolicyDocument=json.dumps(NARROW))["Policy"]["Arn"]
    iam.attach_user_policy(UserName=f"{p}-reader", PolicyArn=policy)
    # A key that has been used: moto records the last use of an IAM user's key on each call.
    used = iam.create_access_key(UserName=f"{p}-reader")["AccessKey"]
    boto3.client("s3", endpoint_url=args.endpoint, region_name=args.region, aws_access_key_id=used["AccessKeyId"],
                 aws_secret_access_key=used["SecretAccessKey"]).list_buckets()
    iam.create_policy(PolicyName=f"{p}-admin", PolicyDocument=json.dumps(ADMIN))
    iam.update_account_password_policy(MinimumPasswordLength=8)

    logs = client("logs")
    logs.create_log_group(logGroupName=f"/{p}/forever")
    logs.create_log_group(logGroupName=f"/{p}/month")
    logs.put_retention_policy(logGroupName=f"/{p}/month", retentionInDays=30)
    logs.create_log_group(logGroupName=f"/{p}/cloudtrail")
    logs.put_retention_policy(logGroupName=f"/{p}/cloudtrail", retentionInDays=90)

    client("rds").create_db_instance(DBInstanceIdentifier=f"{p}-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                                     AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-real-pw1",
                                     StorageEncrypted=False, AutoMinorVersionUpgrade=False)

    ec2 = client("ec2")
    # moto does not check image ids by default; listing its images takes seconds.
    image = "ami-12c6146b"
    # A security group open to the internet on SSH, and one open only on HTTPS.
    for name, port in [(f"{p}-bastion", 22), (f"{p}-web", 443)]:
        group = ec2.create_security_group(GroupName=name, Description=name)["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": port, "ToPort": port, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t3.micro",
                      MetadataOptions={"HttpTokens": "optional", "HttpEndpoint": "enabled"})
    ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, InstanceType="t4g.micro",
                      MetadataOptions={"HttpTokens": "required", "HttpEndpoint": "enabled"})

    client("ssm").put_parameter(Name=f"/{p}/db/password", Value="dummy", Type="SecureString")
    # Customer managed keys: one not rotated, one rotated, one that cannot be rotated automatically.
    kms = client("kms")
    kms.create_key(Description=f"{p}-unrotated")
    rotated = kms.create_key(Description=f"{p}-rotated")["KeyMetadata"]["KeyId"]
    kms.enable_key_rotation(KeyId=rotated)
    kms.create_key(Description=f"{p}-signing", KeySpec="ECC_NIST_P256", KeyUsage="SIGN_VERIFY")

    # One unencrypted volume, one encrypted.
    ec2 = client("ec2")
    ec2.create_volume(AvailabilityZone=f"{args.region}a", Size=8, Encrypted=False,
                      TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": f"{p}-plain"}]}])
    # With a key of its own: left to itself, moto would make one more customer managed key.
    ec2.create_volume(AvailabilityZone=f"{args.region}a", Size=8, Encrypted=True, KmsKeyId=rotated,
                      TagSpecifications=[{"ResourceType": "volume", "Tags": [{"Key": "Name", "Value": f"{p}-sealed"}]}])

    # Container images: one repository as created by default (mutable tags, no scan on push), one
    # hardened.
    ecr = client("ecr")
    ecr.create_repository(repositoryName=f"{p}-app")
    ecr.create_repository(repositoryName=f"{p}-api", imageTagMutability="IMMUTABLE",
                          imageScanningConfiguration={"scanOnPush": True})

    # Secrets: one never rotated, one rotated by a function.
    secrets = client("secretsmanager")
    secrets.create_secret(Name=f"{p}/api-key", SecretString="not-a-real-api-key")
    rotated_secret = secrets.create_secret(Name=f"{p}/db", SecretString="not-a-real-password")["ARN"]
    # moto checks that the rotation function exists (it is never invoked here).
    rotator_role = iam.create_role(RoleName=f"{p}-rotate", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    rotator = client("lambda").create_function(FunctionName=f"{p}-rotate", Runtime="python3.12", Role=rotator_role,
                                               Handler="index.handler", Code={"ZipFile": rotation_function()},
                                               Architectures=["arm64"])["FunctionArn"]
    # moto makes the function's log group; kept for a month, like the seeded ones.
    if f"/aws/lambda/{p}-rotate" not in [g["logGroupName"] for g in logs.describe_log_groups(logGroupNamePrefix="/aws/lambda/")["logGroups"]]:
        logs.create_log_group(logGroupName=f"/aws/lambda/{p}-rotate")
    logs.put_retention_policy(logGroupName=f"/aws/lambda/{p}-rotate", retentionInDays=30)
    secrets.rotate_secret(SecretId=rotated_secret, RotationLambdaARN=rotator, RotationRules={"AutomaticallyAfterDays": 30},
                          RotateImmediately=False)

    client("ssm").put_parameter(Name=f"/{p}/app/API_TOKEN", Value="not-a-real-token", Type="String")
    client("cloudtrail").create_trail(Name=f"{p}-trail", S3BucketName=f"{p}-locked", IsMultiRegionTrail=False)

    # A CodeBuild project whose artifacts go to a bucket that never expires them.
    s3.create_bucket(Bucket=f"{p}-artifacts")
    client("codebuild").create_project(
        name=f"{p}-build", source={"type": "S3", "location": f"{p}-open/source.zip"},
        artifacts={"type": "S3", "location": f"{p}-artifacts"},
        environment={"type": "LINUX_CONTAINER", "image": "aws/codebuild/standard:7.0", "computeType": "BUILD_GENERAL1_SMALL"},
        serviceRole=f"arn:aws:iam::{args.account}:role/{p}-codebuild")

    # A pipeline whose artifact store is another bucket.
    s3.create_bucket(Bucket=f"{p}-pipeline")
    role = iam.create_role(RoleName=f"{p}-pipeline", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "codepipeline.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    client("codepipeline").create_pipeline(pipeline={
        "name": f"{p}-deploy", "roleArn": role,
        "artifactStore": {"type": "S3", "location": f"{p}-pipeline"},
        "stages": [
            {"name": "Source", "actions": [{"name": "Source", "actionTypeId": {
                "category": "Source", "owner": "AWS", "provider": "S3", "version": "1"},
                "configuration": {"S3Bucket": f"{p}-open", "S3ObjectKey": "source.zip"}, "outputArtifacts": [{"name": "src"}]}]},
            {"name": "Build", "actions": [{"name": "Build", "actionTypeId": {
                "category": "Build", "owner": "AWS", "provider": "CodeBuild", "version": "1"},
                "configuration": {"ProjectName": f"{p}-build"}, "inputArtifacts": [{"name": "src"}]}]}]})

    # Classic Load Balancers: one without access logs, one logging to its own bucket.
    s3.create_bucket(Bucket=f"{p}-elb-logs")
    elb = client("elb")
    listeners = [{"Protocol": "HTTP", "LoadBalancerPort": 80, "InstanceProtocol": "HTTP", "InstancePort": 8080}]
    elb.create_load_balancer(LoadBalancerName=f"{p}-classic", Listeners=listeners, AvailabilityZones=[f"{args.region}a"])
    elb.create_load_balancer(LoadBalancerName=f"{p}-logged", Listeners=listeners, AvailabilityZones=[f"{args.region}a"],
                             Scheme="internal")
    elb.modify_load_balancer_attributes(LoadBalancerName=f"{p}-logged", LoadBalancerAttributes={
        "AccessLog": {"Enabled": True, "S3BucketName": f"{p}-elb-logs", "EmitInterval": 60}})

    # Application Load Balancers in the default VPC: one as created (invalid headers passed on,
    # HTTP served, HTTPS with the API's default TLS policy), one hardened (headers dropped, HTTP
    # redirected, TLS 1.2+ only).
    elbv2 = client("elbv2")
    default_subnets = ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"][:2]
    default_vpc = default_subnets[0]["VpcId"]
    pool = elbv2.create_target_group(Name=f"{p}-pool", Protocol="HTTP", Port=80, VpcId=default_vpc)["TargetGroups"][0]["TargetGroupArn"]
    forward = [{"Type": "forward", "TargetGroupArn": pool}]
    certificate = [{"CertificateArn": f"arn:aws:iam::{args.account}:server-certificate/{p}"}]
    plain = elbv2.create_load_balancer(Name=f"{p}-plain", Subnets=[s["SubnetId"] for s in default_subnets])["LoadBalancers"][0]
    elbv2.create_listener(LoadBalancerArn=plain["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=forward)
    elbv2.create_listener(LoadBalancerArn=plain["LoadBalancerArn"], Protocol="HTTPS", Port=443, Certificates=certificate,
                          DefaultActions=forward)
    strict = elbv2.create_load_balancer(Name=f"{p}-strict", Subnets=[s["SubnetId"] for s in default_subnets])["LoadBalancers"][0]
    elbv2.modify_load_balancer_attributes(LoadBalancerArn=strict["LoadBalancerArn"], Attributes=[
        {"Key": "routing.http.drop_invalid_header_fields.enabled", "Value": "true"}])
    elbv2.create_listener(LoadBalancerArn=strict["LoadBalancerArn"], Protocol="HTTP", Port=80, DefaultActions=[
        {"Type": "redirect", "RedirectConfig": {"Protocol": "HTTPS", "Port": "443", "StatusCode": "HTTP_301"}}])
    elbv2.create_listener(LoadBalancerArn=strict["LoadBalancerArn"], Protocol="HTTPS", Port=443, Certificates=certificate,
                          SslPolicy="ELBSecurityPolicy-TLS13-1-2-2021-06", DefaultActions=forward)

    # CloudFront: one distribution serving HTTP with the default certificate from a bucket read
    # without origin access control, one redirecting to HTTPS with a TLS 1.2 policy in front of the
    # hardened load balancer. (moto keeps no origin access control on an origin: that case is
    # covered by recorded responses.)
    cloudfront = client("cloudfront")
    cached = {"MinTTL": 0, "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}
    cloudfront.create_distribution(DistributionConfig={
        "CallerReference": f"{p}-open", "Comment": f"{p}-open", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": f"{p}-site", "DomainName": f"{p}-open.s3.amazonaws.com",
                                              "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
        "DefaultCacheBehavior": {"TargetOriginId": f"{p}-site", "ViewerProtocolPolicy": "allow-all", **cached}})
    cloudfront.create_distribution(DistributionConfig={
        "CallerReference": f"{p}-strict", "Comment": f"{p}-strict", "Enabled": True, "Aliases": {"Quantity": 1, "Items": [f"www.{p}.test"]},
        "Origins": {"Quantity": 1, "Items": [{"Id": f"{p}-app", "DomainName": strict["DNSName"], "CustomOriginConfig": {
            "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": f"{p}-app", "ViewerProtocolPolicy": "redirect-to-https", **cached},
        "ViewerCertificate": {"ACMCertificateArn": f"arn:aws:acm:us-east-1:{args.account}:certificate/{p}",
                              "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1.2_2021"}})

    # ECS task definitions: one with a password in its plain environment, a privileged container
    # and no log configuration; one that takes its secret from SSM and logs to CloudWatch.
    ecs = client("ecs")
    ecs.register_task_definition(family=f"{p}-leaky", containerDefinitions=[{
        "name": "app", "image": "app:1.0", "essential": True, "memory": 512, "privileged": True,
        "environment": [{"name": "RAILS_ENV", "value": "production"}, {"name": "DB_PASSWORD", "value": "not-a-real-pw3"}]}])
    ecs.register_task_definition(family=f"{p}-tidy", containerDefinitions=[{
        "name": "app", "image": "app:1.0", "essential": True, "memory": 512,
        "environment": [{"name": "RAILS_ENV", "value": "production"}],
        "secrets": [{"name": "DB_PASSWORD", "valueFrom": f"arn:aws:ssm:{args.region}:{args.account}:parameter/{p}/db/password"}],
        "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": f"/{p}/month", "awslogs-region": args.region,
                                                                 "awslogs-stream-prefix": "app"}}}])

    # Lambda: one function holding a token in its environment behind a URL anyone may call, one
    # naming its secret's parameter behind a URL that needs signed requests.
    code = io.BytesIO()
    with zipfile.ZipFile(code, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return {}\n")
    lambda_role = iam.create_role(RoleName=f"{p}-lambda", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]["Arn"]
    functions = client("lambda")
    for name, variables, auth in [(f"{p}-hook", {"SLACK_TOKEN": "not-a-real-token", "LOG_LEVEL": "info"}, "NONE"),
                                  (f"{p}-job", {"DB_PASSWORD_PARAMETER": f"/{p}/db/password"}, "AWS_IAM")]:
        functions.create_function(FunctionName=name, Runtime="python3.12", Role=lambda_role, Handler="index.handler",
                                  Code={"ZipFile": code.getvalue()}, Environment={"Variables": variables})
        functions.create_function_url_config(FunctionName=name, AuthType=auth)

    if args.web:
        seed_web(client, p, args.region)

    output = {"AWS_ACCESS_KEY_ID": keys["aws_access_key_id"], "AWS_SECRET_ACCESS_KEY": keys["aws_secret_access_key"],
              "AWS_SESSION_TOKEN": keys["aws_session_token"]}
    if args.organization:
        organizations = client("organizations")
        organizations.create_organization(FeatureSet="ALL")
        created = organizations.create_account(Email=f"{p}@example.com", AccountName=f"{p}-member")
        output["MEMBER_ACCOUNT"] = created["CreateAccountStatus"]["AccountId"]
    print(json.dumps(output))


def rotation_function():
    """A deployment package for a rotation function that is never run."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return None\n")
    return buffer.getvalue()


def seed_web(client, p, region):
    """A VPC with two public subnets (routed to an internet gateway) and two private ones, an
    Application Load Balancer in the public subnets forwarding to two target groups, an ECS service
    and an Auto Scaling group registered in them from the private subnets, a database in the
    private subnets, and in front a CloudFront distribution and Route 53 aliases."""
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.20.0.0/16")["Vpc"]["VpcId"]
    ec2.create_tags(Resources=[vpc], Tags=[{"Key": "Name", "Value": f"{p}-vpc"}])
    gateway = ec2.create_internet_gateway()["InternetGateway"]["InternetGatewayId"]
    ec2.attach_internet_gateway(InternetGatewayId=gateway, VpcId=vpc)
    public_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    ec2.create_route(RouteTableId=public_table, DestinationCidrBlock="0.0.0.0/0", GatewayId=gateway)
    private_table = ec2.create_route_table(VpcId=vpc)["RouteTable"]["RouteTableId"]
    subnets = {"public": [], "private": []}
    for index, zone in enumerate(["a", "b"]):
        for kind, offset, table in [("public", 0, public_table), ("private", 10, private_table)]:
            subnet = ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.20.{offset + index}.0/24", AvailabilityZone=f"{region}{zone}",
                                       TagSpecifications=[{"ResourceType": "subnet",
                                                           "Tags": [{"Key": "Name", "Value": f"{p}-{kind}-{zone}"}]}])["Subnet"]["SubnetId"]
            ec2.associate_route_table(RouteTableId=table, SubnetId=subnet)
            subnets[kind].append(subnet)
    elbv2 = client("elbv2")
    created = elbv2.create_load_balancer(Name=f"{p}-alb", Subnets=subnets["public"])["LoadBalancers"][0]
    balancer = created["LoadBalancerArn"]
    group = elbv2.create_target_group(Name=f"{p}-web", Protocol="HTTP", Port=3000, VpcId=vpc,
                                      TargetType="ip")["TargetGroups"][0]["TargetGroupArn"]
    workers = elbv2.create_target_group(Name=f"{p}-workers", Protocol="HTTP", Port=8080, VpcId=vpc,
                                        TargetType="instance")["TargetGroups"][0]["TargetGroupArn"]
    elbv2.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=80,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    elbv2.create_listener(LoadBalancerArn=balancer, Protocol="HTTP", Port=8080,
                          DefaultActions=[{"Type": "forward", "TargetGroupArn": workers}])
    service_group = ec2.create_security_group(GroupName=f"{p}-service", Description="web service", VpcId=vpc)["GroupId"]
    ecs = client("ecs")
    cluster = ecs.create_cluster(clusterName=f"{p}-cluster")["cluster"]["clusterArn"]
    task = ecs.register_task_definition(family=f"{p}-web", networkMode="awsvpc", requiresCompatibilities=["FARGATE"],
                                        cpu="256", memory="512",
                                        containerDefinitions=[{"name": "web", "image": "nginx", "essential": True,
                                                               "portMappings": [{"containerPort": 3000}]}])
    ecs.create_service(cluster=cluster, serviceName=f"{p}-web", taskDefinition=task["taskDefinition"]["taskDefinitionArn"],
                       desiredCount=2, launchType="FARGATE",
                       loadBalancers=[{"targetGroupArn": group, "containerName": "web", "containerPort": 3000}],
                       networkConfiguration={"awsvpcConfiguration": {"subnets": subnets["private"], "securityGroups": [service_group],
                                                                     "assignPublicIp": "DISABLED"}})
    template = ec2.create_launch_template(LaunchTemplateName=f"{p}-worker", LaunchTemplateData={
        "ImageId": "ami-12c6146b", "InstanceType": "t3.small",
        "MetadataOptions": {"HttpTokens": "required", "HttpEndpoint": "enabled"}})["LaunchTemplate"]["LaunchTemplateId"]
    # No instances: desired 0 keeps the account's instance findings the same.
    client("autoscaling").create_auto_scaling_group(
        AutoScalingGroupName=f"{p}-workers", MinSize=0, MaxSize=3, DesiredCapacity=0,
        LaunchTemplate={"LaunchTemplateId": template, "Version": "$Default"},
        VPCZoneIdentifier=",".join(subnets["private"]), TargetGroupARNs=[workers])
    # In front: a CloudFront distribution with the load balancer as origin, and two alias
    # records, one to the balancer, one to the distribution.
    distribution = client("cloudfront").create_distribution(DistributionConfig={
        "CallerReference": p, "Comment": "", "Enabled": True,
        "Origins": {"Quantity": 1, "Items": [{"Id": "alb", "DomainName": created["DNSName"], "CustomOriginConfig": {
            "HTTPPort": 80, "HTTPSPort": 443, "OriginProtocolPolicy": "https-only"}}]},
        "DefaultCacheBehavior": {"TargetOriginId": "alb", "ViewerProtocolPolicy": "redirect-to-https", "MinTTL": 0,
                                 "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}}}})["Distribution"]
    route53 = client("route53")
    zone = route53.create_hosted_zone(Name=f"{p}.test", CallerReference=p)["HostedZone"]["Id"]
    route53.change_resource_record_sets(HostedZoneId=zone, ChangeBatch={"Changes": [
        {"Action": "CREATE", "ResourceRecordSet": {"Name": f"app.{p}.test", "Type": "A", "AliasTarget": {
            "HostedZoneId": created["CanonicalHostedZoneId"], "DNSName": "dualstack." + created["DNSName"], "EvaluateTargetHealth": False}}},
        {"Action": "CREATE", "ResourceRecordSet": {"Name": f"www.{p}.test", "Type": "A", "AliasTarget": {
            "HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": distribution["DomainName"], "EvaluateTargetHealth": False}}},
        {"Action": "CREATE", "ResourceRecordSet": {"Name": f"mail.{p}.test", "Type": "MX", "TTL": 300,
                                                   "ResourceRecords": [{"Value": "10 mail.example.com"}]}}]})
    rds = client("rds")
    rds.create_db_subnet_group(DBSubnetGroupName=f"{p}-private", DBSubnetGroupDescription="private", SubnetIds=subnets["private"])
    rds.create_db_instance(DBInstanceIdentifier=f"{p}-web-db", DBInstanceClass="db.t3.micro", Engine="postgres",
                           AllocatedStorage=20, MasterUsername="app", MasterUserPassword="not-a-real-pw2",
                           DBSubnetGroupName=f"{p}-private", StorageEncrypted=True)


if __name__ == "__main__":
    main()
