// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${BASE_IMAGE}, $(VAR) and ${{ ... }} are literal text of the files checked here.
import { Job } from 'kubernetes-models/batch/v1';
import type { IContainer, IEnvVar, IPodSpec } from 'kubernetes-models/v1';
import { ConfigMap, PersistentVolumeClaim, Pod } from 'kubernetes-models/v1';
import { parseAllDocuments } from 'yaml';
import { SECRET_KNOBS } from './knob-names.js';
import { secretLiteralProblems } from './secret-literals.js';

export interface ManifestFile {
  /** File name, used in every problem. */
  name: string;
  text: string;
}

export interface KubernetesCheckInput {
  files: readonly ManifestFile[];
  /** Variables the suite reads (knob-names.ts). */
  knobNames: ReadonlySet<string>;
  /** The folder's README: it must say how to create what the manifests reference but omit. */
  readme: string;
  /** What the Jobs' containers must run (shards and merge alike). */
  suiteCommand: readonly string[];
}

type Model = Job | ConfigMap | PersistentVolumeClaim | Pod;

// The kinds these manifests may hold, checked against the Kubernetes schema of kubernetes-models.
const MODELS: Record<string, (data: never) => Model> = {
  'batch/v1/Job': (data) => new Job(data),
  'v1/ConfigMap': (data) => new ConfigMap(data),
  'v1/PersistentVolumeClaim': (data) => new PersistentVolumeClaim(data),
  'v1/Pod': (data) => new Pod(data),
};

interface Parsed {
  file: string;
  model: Model;
  label: string;
}

/** Every problem of a folder of Kubernetes manifests: schema first, then the project's rules. */
export function kubernetesProblems(input: KubernetesCheckInput): string[] {
  const problems: string[] = [];
  const parsed: Parsed[] = [];
  for (const file of input.files) {
    problems.push(...secretLiteralProblems(file.name, file.text));
    for (const document of parseAllDocuments(file.text)) {
      if (document.errors.length > 0) {
        problems.push(`${file.name}: not YAML: ${document.errors[0]!.message}`);
        continue;
      }
      const data: unknown = document.toJS();
      if (data === null || data === undefined) continue;
      const model = toModel(file.name, data, problems);
      if (model !== null) parsed.push(model);
    }
  }
  // The project's rules read typed objects: only once every object passed the schema.
  if (problems.length > 0) return problems;
  return projectProblems(parsed, input);
}

function toModel(file: string, data: unknown, problems: string[]): Parsed | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    problems.push(`${file}: a document is not a Kubernetes object`);
    return null;
  }
  const { apiVersion, kind, metadata } = data as {
    apiVersion?: unknown;
    kind?: unknown;
    metadata?: { name?: unknown };
  };
  const label = `${file}: ${String(kind)} ${String(metadata?.name)}`;
  if (kind === 'Secret') {
    problems.push(`${label}: a Secret does not belong in the repository; create it with kubectl`);
    return null;
  }
  const make = MODELS[`${String(apiVersion)}/${String(kind)}`];
  if (make === undefined) {
    problems.push(
      `${label}: apiVersion ${String(apiVersion)} kind ${String(kind)} is not one of ${Object.keys(MODELS).join(', ')}`,
    );
    return null;
  }
  const model = make(data as never);
  try {
    model.validate();
  } catch (error) {
    problems.push(`${label}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  return { file, model, label };
}

function projectProblems(parsed: readonly Parsed[], input: KubernetesCheckInput): string[] {
  const problems: string[] = [];
  const configMaps = new Map<string, Record<string, string>>();
  const claims = new Map<string, PersistentVolumeClaim>();
  for (const { model, label } of parsed) {
    if (model instanceof ConfigMap) {
      configMaps.set(model.metadata?.name ?? '', model.data ?? {});
      for (const key of Object.keys(model.data ?? {})) {
        if (SECRET_KNOBS.includes(key)) problems.push(`${label}: ${key} is a secret; use a Secret`);
        else if (!input.knobNames.has(key))
          problems.push(`${label}: data key ${key} is not a knob the suite reads`);
      }
    }
    if (model instanceof PersistentVolumeClaim) {
      claims.set(model.metadata?.name ?? '', model);
      if (!model.spec?.accessModes?.includes('ReadWriteMany'))
        problems.push(
          `${label}: accessModes must include ReadWriteMany (shards run on many nodes)`,
        );
    }
  }

  const shards: JobView[] = [];
  const merges: JobView[] = [];
  for (const { model, label } of parsed) {
    const podSpec =
      model instanceof Job ? model.spec?.template.spec : model instanceof Pod ? model.spec : null;
    if (podSpec === null || podSpec === undefined) continue;
    problems.push(...podProblems(label, podSpec, configMaps, claims, input));
    if (!(model instanceof Job)) continue;
    const container = podSpec.containers[0]!;
    if (podSpec.containers.length !== 1)
      problems.push(`${label}: one container per pod, got ${podSpec.containers.length}`);
    if (podSpec.restartPolicy !== 'Never')
      problems.push(`${label}: restartPolicy must be Never (a measurement is not retried)`);
    if (model.spec?.backoffLimit !== 0)
      problems.push(`${label}: backoffLimit must be 0 (a measurement is not retried)`);
    if (!sameList(container.command, input.suiteCommand))
      problems.push(
        `${label}: command ${JSON.stringify(container.command)} must be ${JSON.stringify(input.suiteCommand)}`,
      );
    const view: JobView = { label, job: model, container, env: envValues(container) };
    if (model.spec?.completionMode === 'Indexed') shards.push(view);
    else if (view.env.has('MERGE_FROM')) merges.push(view);
    else problems.push(`${label}: neither an Indexed Job of shards nor a merge (MERGE_FROM)`);
  }
  if (shards.length !== 1)
    problems.push(`one Indexed Job of shards expected, found ${shards.length}`);
  if (merges.length !== 1) problems.push(`one merge Job expected, found ${merges.length}`);
  for (const shard of shards) problems.push(...shardProblems(shard));
  if (shards.length === 1 && merges.length === 1)
    problems.push(...mergeProblems(shards[0]!, merges[0]!));
  return problems;
}

interface JobView {
  label: string;
  job: Job;
  container: IContainer;
  /** Literal env values by name (a value from a reference is the empty string). */
  env: Map<string, string>;
}

function envValues(container: IContainer): Map<string, string> {
  return new Map((container.env ?? []).map((v) => [v.name, v.value ?? '']));
}

function shardProblems({ label, job, env }: JobView): string[] {
  const problems: string[] = [];
  const completions = job.spec?.completions;
  if (completions === undefined || completions === null || completions < 1)
    problems.push(`${label}: completions (the number of shards) must be set`);
  if (job.spec?.parallelism !== completions)
    problems.push(
      `${label}: parallelism ${job.spec?.parallelism} must equal completions ${completions}: all shards load at once`,
    );
  const shardCount = env.get('SHARD_COUNT');
  if (shardCount !== String(completions))
    problems.push(`${label}: SHARD_COUNT "${shardCount}" must equal completions ${completions}`);
  if (!(env.get('RESULTS_DIR') ?? '').includes('$(JOB_COMPLETION_INDEX)'))
    problems.push(
      `${label}: RESULTS_DIR must contain $(JOB_COMPLETION_INDEX): one directory per shard`,
    );
  if (!env.has('START_AT')) problems.push(`${label}: START_AT must be set: shards start together`);
  for (const name of ['SHARD', 'MERGE_FROM'])
    if (env.has(name)) problems.push(`${label}: ${name} does not belong in a shard`);
  return problems;
}

function mergeProblems(shard: JobView, merge: JobView): string[] {
  const problems: string[] = [];
  const shardDir = shard.env.get('RESULTS_DIR') ?? '';
  const expected = shardDir.replace('$(JOB_COMPLETION_INDEX)', '*');
  const mergeFrom = merge.env.get('MERGE_FROM');
  if (mergeFrom !== expected)
    problems.push(
      `${merge.label}: MERGE_FROM "${mergeFrom}" must be "${expected}" (the shards' RESULTS_DIR)`,
    );
  const resultsDir = merge.env.get('RESULTS_DIR') ?? '';
  if (resultsDir === '' || globToRegExp(expected).test(resultsDir))
    problems.push(`${merge.label}: RESULTS_DIR "${resultsDir}" must be set and outside MERGE_FROM`);
  if (!merge.env.has('JUNIT') && !merge.env.has('CI'))
    problems.push(`${merge.label}: JUNIT=1 (or CI) must be set to keep junit.xml`);
  for (const name of ['SHARD', 'SHARD_COUNT', 'START_AT'])
    if (merge.env.has(name)) problems.push(`${merge.label}: ${name} does not belong in the merge`);
  const mounts = (view: JobView) =>
    (view.container.volumeMounts ?? []).map((mount) => {
      const volume = view.job.spec?.template.spec?.volumes?.find((v) => v.name === mount.name);
      return `${volume?.persistentVolumeClaim?.claimName}:${mount.mountPath}`;
    });
  const shared = mounts(shard).filter((m) => mounts(merge).includes(m));
  if (shared.length === 0)
    problems.push(`${merge.label}: must mount the shards' results claim at the same path`);
  return problems;
}

function podProblems(
  label: string,
  podSpec: IPodSpec,
  configMaps: ReadonlyMap<string, Record<string, string>>,
  claims: ReadonlyMap<string, PersistentVolumeClaim>,
  input: KubernetesCheckInput,
): string[] {
  const problems: string[] = [];
  for (const volume of podSpec.volumes ?? []) {
    const claim = volume.persistentVolumeClaim?.claimName;
    if (claim !== undefined && !claims.has(claim))
      problems.push(`${label}: volume ${volume.name} names claim ${claim}, not defined here`);
  }
  for (const container of podSpec.containers) {
    const where = `${label}: container ${container.name}`;
    const nonRoot =
      container.securityContext?.runAsNonRoot ?? podSpec.securityContext?.runAsNonRoot;
    if (nonRoot !== true) problems.push(`${where}: runAsNonRoot must be true`);
    const defined = new Set<string>();
    for (const source of container.envFrom ?? []) {
      const name = source.configMapRef?.name;
      const data = name === undefined ? undefined : configMaps.get(name);
      if (data === undefined) problems.push(`${where}: envFrom must name a ConfigMap defined here`);
      else for (const key of Object.keys(data)) defined.add(key);
    }
    const env = container.env ?? [];
    const referenced = new Set(
      env.flatMap((v) =>
        [...(v.value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g)].map((m) => m[1]!),
      ),
    );
    for (const variable of env) {
      problems.push(...envVarProblems(where, variable, defined, referenced, configMaps, input));
      defined.add(variable.name);
    }
  }
  return problems;
}

function envVarProblems(
  where: string,
  variable: IEnvVar,
  definedBefore: ReadonlySet<string>,
  referenced: ReadonlySet<string>,
  configMaps: ReadonlyMap<string, Record<string, string>>,
  input: KubernetesCheckInput,
): string[] {
  const problems: string[] = [];
  const { name, value, valueFrom } = variable;
  // A helper variable (RUN_ID) is fine when it only feeds $(NAME) in another value.
  if (!input.knobNames.has(name) && !referenced.has(name))
    problems.push(`${where}: env ${name} is not a knob the suite reads (README.md's knob tables)`);
  for (const match of (value ?? '').matchAll(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g))
    if (!definedBefore.has(match[1]!))
      problems.push(
        `${where}: env ${name} uses $(${match[1]}), which is not defined before it (Kubernetes leaves it as text)`,
      );
  if (SECRET_KNOBS.includes(name) && valueFrom?.secretKeyRef === undefined)
    problems.push(`${where}: env ${name} is a secret: take it from a Secret with secretKeyRef`);
  const secretRef = valueFrom?.secretKeyRef;
  if (
    secretRef !== undefined &&
    !documented(input.readme, 'secret generic', secretRef.name, secretRef.key)
  )
    problems.push(
      `${where}: env ${name} reads Secret ${secretRef.name} key ${secretRef.key}; README.md must show \`kubectl create secret generic ${secretRef.name} --from-literal=${secretRef.key}=...\``,
    );
  const mapRef = valueFrom?.configMapKeyRef;
  if (mapRef !== undefined) {
    const here = configMaps.get(mapRef.name ?? '');
    if (
      here !== undefined
        ? !(mapRef.key in here)
        : !documented(input.readme, 'configmap', mapRef.name, mapRef.key)
    )
      problems.push(
        `${where}: env ${name} reads ConfigMap ${mapRef.name} key ${mapRef.key}, neither defined here nor created in README.md (\`kubectl create configmap ${mapRef.name} --from-literal=${mapRef.key}=...\`)`,
      );
  }
  return problems;
}

/** Whether the README creates the object with this key, e.g. `kubectl create configmap NAME ... --from-literal=KEY=`. */
function documented(readme: string, what: string, name: string | undefined, key: string): boolean {
  const command = readme.match(
    new RegExp(`kubectl create ${what} ${name}\\b[^\\n]*(\\\\\\n[^\\n]*)*`),
  );
  return command?.[0].includes(`--from-literal=${key}=`) ?? false;
}

function sameList(a: readonly string[] | undefined, b: readonly string[]): boolean {
  return a !== undefined && a.length === b.length && a.every((item, i) => item === b[i]);
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]');
  return new RegExp(`^${escaped}$`);
}
