import { S3Client } from '@aws-sdk/client-s3';
import { localFiles, type FileStore } from './index';
import { s3Files } from './s3';

/**
 * Where count-file originals are kept: the S3 bucket named by COUNT_FILES_BUCKET (serverless.yml gives it to the
 * worker), otherwise `.data/files`. On Lambda without a bucket the local folder would be the read-only /var/task, so a
 * keep fails there naming the missing setting instead of with EROFS.
 */
export function filesFromEnv(env: NodeJS.ProcessEnv): FileStore {
  const bucket = env.COUNT_FILES_BUCKET?.trim();
  if (!bucket) return env.AWS_LAMBDA_FUNCTION_NAME ? noBucket(env.AWS_LAMBDA_FUNCTION_NAME) : localFiles();

  const region = env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  const endpoint = env.AWS_ENDPOINT_URL_S3?.trim();
  // Any endpoint of our own (the tests' loopback fake) has no per-bucket host names, so address buckets by path.
  const client = new S3Client({ ...(region ? { region } : {}), ...(endpoint ? { endpoint, forcePathStyle: true } : {}) });
  return s3Files(client, bucket);
}

function noBucket(fn: string): FileStore {
  return {
    keep: () => Promise.reject(new Error(`COUNT_FILES_BUCKET is not set on ${fn}; serverless.yml gives it to the worker function`)),
    describe: () => 'no file store (COUNT_FILES_BUCKET is not set)',
  };
}
