/**
 * The web app's front door: a CloudFront distribution in front of the HTTP
 * API (pages and API alike, never cached), with the static assets from a
 * private S3 bucket under `/assets/*`.
 *
 * - Default behaviour → the HTTP API's `$default` stage over HTTPS, caching
 *   disabled, every viewer header but Host forwarded (API Gateway needs its
 *   own Host). A CloudFront Function copies the viewer's Host into
 *   `x-forwarded-host`, overwriting whatever the viewer sent, so the pages can
 *   build their origin, the OIDC redirect URI and the form-origin check from
 *   it (the web function has TRUST_FORWARDED_HOST).
 * - `/assets/*` → the bucket through Origin Access Control: content-hashed
 *   file names (`/assets/<name>.<hash>.<ext>`), so the optimized cache policy
 *   and a year's immutable Cache-Control are safe.
 * - The bucket is filled from the build by BucketDeployment: the static
 *   assets of both bundles (the web pages' and the API's /docs page, which
 *   link the same `/assets/` paths), without their manifests. Old hashed files
 *   are never pruned, so a page rendered before a deployment still finds the
 *   files it names.
 */
import { cpSync, readdirSync } from "node:fs";
import { extname, join } from "node:path";
import { AssetHashType, Duration, Fn, RemovalPolicy, Stack } from "aws-cdk-lib";
import type { IHttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import { Certificate } from "aws-cdk-lib/aws-certificatemanager";
import {
  AllowedMethods,
  CachedMethods,
  CachePolicy,
  Function as CloudFrontFunction,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  HeadersFrameOption,
  HeadersReferrerPolicy,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  OriginSslPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from "aws-cdk-lib/aws-cloudfront";
import { HttpOrigin, S3BucketOrigin } from "aws-cdk-lib/aws-cloudfront-origins";
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from "aws-cdk-lib/aws-s3";
import { BucketDeployment, CacheControl, type ISource, Source } from "aws-cdk-lib/aws-s3-deployment";
import { Construct } from "constructs";
import { builtBundle, projectRoot, UNUSED_BUNDLING_IMAGE } from "./api-function";

/** The Cache-Control of every static asset: its name changes with its content. */
export const IMMUTABLE_CACHE_CONTROL = "public, max-age=31536000, immutable";

/** Where the assets live: the URL path prefix, and so the bucket's key prefix. */
export const ASSETS_PREFIX = "assets/";

/**
 * The Content-Type of each kind of static asset the build makes (as
 * functions/api/http/static-assets.ts serves them). BucketDeployment sets one
 * Content-Type for all it copies, so each kind is one deployment; a built
 * asset of any other kind fails the synth rather than reaching S3 as
 * binary/octet-stream (add its type here).
 */
export const ASSET_CONTENT_TYPES: Readonly<Record<string, string>> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".woff2": "font/woff2",
};

/** The viewer-request function: the viewer's Host, as the pages' origin, in `x-forwarded-host`. */
export const FORWARDED_HOST_FUNCTION_CODE = `function handler(event) {
  var request = event.request;
  // Always set, never passed through: a viewer cannot choose the host the pages trust.
  request.headers["x-forwarded-host"] = { value: request.headers.host.value };
  return request;
}
`;

export interface WebFrontendProps {
  readonly stage: string;
  /** The HTTP API the distribution fronts (its `$default` stage). */
  readonly httpApi: IHttpApi;
  /** Whether the stage's data is throw-away: then the buckets go with the stack, objects and all. */
  readonly disposable: boolean;
  /**
   * A domain of the project's own for the web app, with its ACM certificate
   * (in us-east-1, as CloudFront requires). Viewers then need TLS 1.2 or later.
   * @default none: the distribution's *.cloudfront.net name and CloudFront's default certificate
   */
  readonly customDomain?: WebCustomDomain;
}

export interface WebCustomDomain {
  /** e.g. `praktikbolig.dk`; its DNS record (an alias or CNAME to the distribution) is made outside this app. */
  readonly domainName: string;
  /** ARN of an ACM certificate in us-east-1 covering domainName. */
  readonly certificateArn: string;
}

/**
 * The static assets of both bundles in one folder, copied from the same build
 * the functions' code comes from (builtBundle), without the manifests.
 */
function builtAssets(): ISource {
  return Source.asset(join(projectRoot, "functions"), {
    // By the files uploaded, not by functions/ (the default): a new dkfds release changes them too.
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: UNUSED_BUNDLING_IMAGE,
      // Never run: it names what the local bundling does (and keeps this asset's cache key apart).
      command: ["copy-static-assets", "api", "web", "--without", "manifest.json"],
      local: {
        tryBundle(outputDir) {
          for (const kind of ["api", "web"] as const) {
            const folder = join(builtBundle(kind), ASSETS_PREFIX);
            for (const file of readdirSync(folder)) {
              if (file === "manifest.json") continue;
              if (!ASSET_CONTENT_TYPES[extname(file)]) {
                throw new Error(
                  `The built asset ${file} has no Content-Type in ASSET_CONTENT_TYPES (infra/web-frontend.ts)`,
                );
              }
              // Content-hashed names: a file both bundles have is the same file.
              cpSync(join(folder, file), join(outputDir, file));
            }
          }
          return true;
        },
      },
    },
  });
}

export class WebFrontend extends Construct {
  readonly distribution: Distribution;
  readonly assetsBucket: Bucket;
  readonly logBucket: Bucket;
  /** One deployment per content type (BucketDeployment sets one Content-Type for all it copies). */
  readonly assetDeployments: BucketDeployment[] = [];
  readonly forwardedHostFunction: CloudFrontFunction;
  readonly assetsHeaders: ResponseHeadersPolicy;
  /** The custom domain, if the stage has one. */
  readonly customDomainName?: string;

  constructor(scope: Construct, id: string, props: WebFrontendProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const removal = props.disposable
      ? { removalPolicy: RemovalPolicy.DESTROY, autoDeleteObjects: true }
      : { removalPolicy: RemovalPolicy.RETAIN };

    this.logBucket = new Bucket(this, "Logs", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront's standard logs are written with an ACL grant to the bucket owner.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90), abortIncompleteMultipartUploadAfter: Duration.days(1) }],
      ...removal,
    });

    this.assetsBucket = new Bucket(this, "Assets", {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Rebuildable from any commit, so no versions; the rules only tidy up.
      versioned: false,
      lifecycleRules: [
        { noncurrentVersionExpiration: Duration.days(1), abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      serverAccessLogsBucket: this.logBucket,
      serverAccessLogsPrefix: "s3-assets/",
      ...removal,
    });

    const source = builtAssets();
    for (const [extension, contentType] of Object.entries(ASSET_CONTENT_TYPES)) {
      this.assetDeployments.push(
        new BucketDeployment(this, `Deploy${extension.slice(1).toUpperCase()}`, {
          sources: [source],
          destinationBucket: this.assetsBucket,
          destinationKeyPrefix: ASSETS_PREFIX,
          exclude: ["*"],
          include: [`*${extension}`],
          contentType,
          cacheControl: [CacheControl.fromString(IMMUTABLE_CACHE_CONTROL)],
          // Keep earlier builds' files: pages already rendered (or cached) still name them.
          prune: false,
          // Nothing to remove on update or delete either: the bucket's own removal policy decides.
          retainOnDelete: true,
        }),
      );
    }

    this.forwardedHostFunction = new CloudFrontFunction(this, "ForwardedHost", {
      comment: "Copies the viewer's Host header into x-forwarded-host",
      runtime: FunctionRuntime.JS_2_0,
      code: FunctionCode.fromInline(FORWARDED_HOST_FUNCTION_CODE),
    });

    this.assetsHeaders = new ResponseHeadersPolicy(this, "AssetsHeaders", {
      comment: `Praktikbolig ${props.stage}: security headers of the static assets`,
      securityHeadersBehavior: {
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN, override: true },
      },
    });

    // The $default stage answers on the API's own endpoint, https://<api id>.execute-api.<region>.<suffix>/.
    const apiDomain = Fn.join(".", [props.httpApi.apiId, "execute-api", stack.region, stack.urlSuffix]);

    const domain = props.customDomain;
    this.customDomainName = domain?.domainName;
    this.distribution = new Distribution(this, "Distribution", {
      comment: `Praktikbolig ${props.stage}: web pages, API and static assets`,
      ...(domain && {
        domainNames: [domain.domainName],
        certificate: Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      priceClass: PriceClass.PRICE_CLASS_100,
      httpVersion: HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logBucket,
      logFilePrefix: "cloudfront/",
      defaultBehavior: {
        origin: new HttpOrigin(apiDomain, {
          protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY,
          originSslProtocols: [OriginSslPolicy.TLS_V1_2],
        }),
        allowedMethods: AllowedMethods.ALLOW_ALL,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
        functionAssociations: [{ function: this.forwardedHostFunction, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        [`/${ASSETS_PREFIX}*`]: {
          origin: S3BucketOrigin.withOriginAccessControl(this.assetsBucket),
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          cachePolicy: CachePolicy.CACHING_OPTIMIZED,
          responseHeadersPolicy: this.assetsHeaders,
          compress: true,
        },
      },
    });
  }

  /** The web app's domain: the custom one, or the distribution's own (`d111111abcdef8.cloudfront.net`). */
  get domainName(): string {
    return this.customDomainName ?? this.distribution.distributionDomainName;
  }

  /** The web app's origin, `https://<domain>`. */
  get origin(): string {
    return `https://${this.domainName}`;
  }
}
