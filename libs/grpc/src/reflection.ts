import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import type {
  AnyDefinition,
  EnumTypeDefinition,
  MessageTypeDefinition,
  PackageDefinition,
} from '@grpc/proto-loader';
import * as protobuf from 'protobufjs';
import { FileDescriptorProto } from 'protobufjs/ext/descriptor';

// Builds google.protobuf.FileDescriptorProto messages the way protoc would, one per .proto
// file, because reflection clients (grpcurl, Postman, grpcui) resolve every type through the
// files' declared imports and names. proto-loader's descriptors merge files per package under
// invented names (tensorcast_global_store_v1.proto), declare no imports, use relative type
// names, drop proto3_optional and make reserved ranges empty: strict clients (grpcurl, via Go's
// protodesc) refuse them, lenient ones show the wrong schema.
//
// Objects below are FileDescriptorProto in protobufjs' JSON form (camelCase keys, enum
// names as strings), encoded with protobufjs' own descriptor.proto schema.

interface FieldJson {
  name: string;
  number: number;
  label: 'LABEL_OPTIONAL' | 'LABEL_REPEATED';
  type: string;
  typeName?: string;
  oneofIndex?: number;
  jsonName: string;
  proto3Optional?: boolean;
  options?: Record<string, unknown>;
}

interface MessageJson {
  name: string;
  field: FieldJson[];
  nestedType: MessageJson[];
  enumType: EnumJson[];
  oneofDecl: { name: string }[];
  reservedRange: { start: number; end: number }[];
  reservedName: string[];
  options?: Record<string, unknown>;
}

interface EnumJson {
  name: string;
  value: { name: string; number: number; options?: Record<string, unknown> }[];
  reservedRange: { start: number; end: number }[];
  reservedName: string[];
  options?: Record<string, unknown>;
}

interface ServiceJson {
  name: string;
  method: {
    name: string;
    inputType: string;
    outputType: string;
    clientStreaming?: boolean;
    serverStreaming?: boolean;
    options?: Record<string, unknown>;
  }[];
}

interface FileJson {
  name: string;
  package: string;
  dependency: string[];
  messageType: MessageJson[];
  enumType: EnumJson[];
  service: ServiceJson[];
  syntax: string;
}

const SCALAR_TYPES: Readonly<Record<string, string>> = {
  double: 'TYPE_DOUBLE',
  float: 'TYPE_FLOAT',
  int64: 'TYPE_INT64',
  uint64: 'TYPE_UINT64',
  int32: 'TYPE_INT32',
  fixed64: 'TYPE_FIXED64',
  fixed32: 'TYPE_FIXED32',
  bool: 'TYPE_BOOL',
  string: 'TYPE_STRING',
  bytes: 'TYPE_BYTES',
  uint32: 'TYPE_UINT32',
  sfixed32: 'TYPE_SFIXED32',
  sfixed64: 'TYPE_SFIXED64',
  sint32: 'TYPE_SINT32',
  sint64: 'TYPE_SINT64',
};

// protobufjs serves these from bundled JSON instead of parsing a file, so their objects carry
// no filename; the file a type belongs to is looked up here instead.
const WELL_KNOWN_FILES = [
  'any',
  'api',
  'descriptor',
  'duration',
  'empty',
  'field_mask',
  'source_context',
  'struct',
  'timestamp',
  'type',
  'wrappers',
].map((name) => `google/protobuf/${name}.proto`);

// Options protoc would carry into the descriptor and clients care about. Anything else fails
// loudly, so a new option in a .proto file is not silently missing from reflection.
const FIELD_OPTIONS = new Set(['deprecated', 'packed']);
const MESSAGE_OPTIONS = new Set(['deprecated']);
const ENUM_OPTIONS = new Set(['deprecated', 'allow_alias']);
const METHOD_OPTIONS = new Set(['deprecated']);

/**
 * Serialized FileDescriptorProtos for `files` (paths relative to protoRoot) and every
 * google/protobuf file they reach, one per file, named as imported, with snake_case fields.
 */
export function buildFileDescriptorProtos(protoRoot: string, files: readonly string[]): Buffer[] {
  return describeFiles(protoRoot, files).map((file) =>
    Buffer.from(FileDescriptorProto.encode(FileDescriptorProto.fromObject(file)).finish()),
  );
}

/**
 * What @grpc/reflection's ReflectionService needs: a package definition carrying the
 * rebuilt descriptors, plus the names of the services packageDefinition really serves (the
 * rebuilt files may declare more).
 *
 * Files of other packages merged into packageDefinition (e.g. grpc.health.v1) have no
 * source here, so they keep proto-loader's invented names; their type references are made
 * fully qualified and their imports filled in, which is what clients need to resolve them.
 * A file whose declarations the rebuilt ones already cover is dropped; where one overlaps,
 * the rebuilt files are listed last so they win.
 */
export function reflectionPackageDefinition(
  packageDefinition: PackageDefinition,
  descriptors: readonly Buffer[],
): { definition: PackageDefinition; services: string[] } {
  const own = descriptors.map(decodeFile);
  const ownSymbols = new Set(own.flatMap(topLevelSymbols));
  const foreign = new Map<string, DescriptorFile>();
  const services: string[] = [];
  for (const [name, definition] of Object.entries(packageDefinition)) {
    if (!isTypeDefinition(definition)) {
      services.push(name);
      continue;
    }
    for (const bytes of definition.fileDescriptorProtos) {
      const file = decodeFile(bytes);
      const redundant = topLevelSymbols(file).every((symbol) => ownSymbols.has(symbol));
      if (!redundant && !foreign.has(file.name)) foreign.set(file.name, file);
    }
  }
  foreign.forEach((file) => file.messageType.forEach(renameMapEntries));
  const declaredIn = new Map<string, string>();
  for (const file of [...foreign.values(), ...own]) indexDeclarations(file, declaredIn);
  const repaired = [...foreign.values()].map((file) => {
    qualifyReferences(file, declaredIn);
    return Buffer.from(FileDescriptorProto.encode(file).finish());
  });
  const carrier: EnumTypeDefinition = {
    format: 'Protocol Buffer 3 EnumDescriptorProto',
    type: {},
    fileDescriptorProtos: [...repaired, ...descriptors],
  };
  return { definition: { 'tensorcast.reflection.descriptors': carrier }, services };
}

function isTypeDefinition(
  definition: AnyDefinition,
): definition is MessageTypeDefinition<object, object> | EnumTypeDefinition {
  // A service definition is a map of methods, so a method could be called "format".
  return typeof definition.format === 'string' && Array.isArray(definition.fileDescriptorProtos);
}

// The parts of a decoded protobufjs FileDescriptorProto message that are read or rewritten.
interface DescriptorMessage {
  name: string;
  field: { name: string; typeName?: string }[];
  nestedType: DescriptorMessage[];
  enumType: { name: string }[];
  options?: { mapEntry?: boolean } | null;
}

interface DescriptorFile extends protobuf.Message {
  name: string;
  package: string;
  dependency: string[];
  messageType: DescriptorMessage[];
  enumType: { name: string }[];
  service: { name: string; method: { inputType?: string; outputType?: string }[] }[];
}

function decodeFile(bytes: Uint8Array): DescriptorFile {
  return FileDescriptorProto.decode(bytes) as DescriptorFile;
}

function topLevelSymbols(file: DescriptorFile): string[] {
  const prefix = file.package ? `${file.package}.` : '';
  return [...file.messageType, ...file.enumType, ...file.service].map((d) => prefix + d.name);
}

function indexDeclarations(file: DescriptorFile, declaredIn: Map<string, string>): void {
  const scope = file.package ? `.${file.package}` : '';
  const visitMessage = (message: DescriptorMessage, parent: string): void => {
    const fullName = `${parent}.${message.name}`;
    declaredIn.set(fullName, file.name);
    message.enumType.forEach((e) => declaredIn.set(`${fullName}.${e.name}`, file.name));
    message.nestedType.forEach((nested) => visitMessage(nested, fullName));
  };
  file.messageType.forEach((message) => visitMessage(message, scope));
  file.enumType.forEach((e) => declaredIn.set(`${scope}.${e.name}`, file.name));
  file.service.forEach((service) => declaredIn.set(`${scope}.${service.name}`, file.name));
}

/**
 * protobufjs names a map's entry type after the field ("Statuses"); protoc and strict clients
 * require "<CamelCaseField>Entry" ("StatusesEntry") and reject the file otherwise.
 */
function renameMapEntries(message: DescriptorMessage): void {
  for (const entry of message.nestedType) {
    if (!entry.options?.mapEntry) continue;
    const field = message.field.find(
      ({ typeName }) => typeName === entry.name || typeName?.endsWith(`.${entry.name}`),
    );
    if (!field?.typeName) continue;
    const expected = `${upperFirst(jsonName(field.name))}Entry`;
    field.typeName = field.typeName.slice(0, -entry.name.length) + expected;
    entry.name = expected;
  }
  message.nestedType.forEach(renameMapEntries);
}

/** Resolves relative type names by protobuf scoping rules and declares the imports they need. */
function qualifyReferences(file: DescriptorFile, declaredIn: ReadonlyMap<string, string>): void {
  const imports = new Set(file.dependency);
  const resolve = (reference: string | undefined, scope: string): string | undefined => {
    if (!reference) return reference;
    let target: string | undefined;
    if (reference.startsWith('.')) target = reference;
    for (let outer = scope; target === undefined; outer = outer.slice(0, outer.lastIndexOf('.'))) {
      if (declaredIn.has(`${outer}.${reference}`)) target = `${outer}.${reference}`;
      if (outer === '') break;
    }
    const declaringFile = target === undefined ? undefined : declaredIn.get(target);
    // Unresolvable names are left alone: the client reports them better than a guess would.
    if (target === undefined || declaringFile === undefined) return reference;
    if (declaringFile !== file.name) imports.add(declaringFile);
    return target;
  };
  const packageScope = file.package ? `.${file.package}` : '';
  const visitMessage = (message: DescriptorMessage, parent: string): void => {
    const fullName = `${parent}.${message.name}`;
    for (const field of message.field) {
      // An empty type_name must be absent, not empty: protobuf's DescriptorPool refuses a
      // scalar field that carries one (proto-loader's descriptors of foreign files have it).
      if (field.typeName) field.typeName = resolve(field.typeName, fullName);
      else delete field.typeName;
    }
    message.nestedType.forEach((nested) => visitMessage(nested, fullName));
  };
  file.messageType.forEach((message) => visitMessage(message, packageScope));
  for (const service of file.service) {
    for (const method of service.method) {
      method.inputType = resolve(method.inputType, packageScope);
      method.outputType = resolve(method.outputType, packageScope);
    }
  }
  file.dependency = [...imports].sort();
}

function describeFiles(protoRoot: string, files: readonly string[]): FileJson[] {
  const root = new protobuf.Root();
  root.resolvePath = (_origin, target) => {
    if (isAbsolute(target)) return target;
    const candidate = join(protoRoot, target);
    return existsSync(candidate) ? candidate : null;
  };
  root.loadSync([...files], { keepCase: true });
  root.resolveAll();

  const wellKnownFileOf = indexWellKnownTypes();
  const fileOf = (object: protobuf.ReflectionObject): string => {
    if (object.filename) return relative(protoRoot, object.filename).split(sep).join('/');
    const file = wellKnownFileOf.get(object.fullName);
    if (!file) throw new Error(`cannot tell which .proto file declares ${object.fullName}`);
    return file;
  };

  const described = new Map<string, FileJson>();
  const referencedFiles = new Map<string, Set<string>>();
  const fileEntry = (name: string, packageName: string): FileJson => {
    let file = described.get(name);
    if (!file) {
      file = {
        name,
        package: packageName,
        dependency: [],
        messageType: [],
        enumType: [],
        service: [],
        syntax: 'proto3',
      };
      described.set(name, file);
      referencedFiles.set(name, new Set());
    }
    return file;
  };

  for (const name of files) {
    const source = readFileSync(join(protoRoot, name), 'utf8');
    // proto2 and editions need labels, defaults and features this builder does not emit.
    if (!/^\s*syntax\s*=\s*["']proto3["']\s*;/m.test(source)) {
      throw new Error(`${name}: only proto3 files are supported`);
    }
    const parsed = protobuf.parse(source, { keepCase: true });
    const file = fileEntry(name, parsed.package ?? '');
    file.dependency = [...(parsed.imports ?? []), ...(parsed.weakImports ?? [])];
  }

  const visitNamespace = (namespace: protobuf.NamespaceBase): void => {
    for (const object of namespace.nestedArray) {
      if (
        object instanceof protobuf.Type ||
        object instanceof protobuf.Enum ||
        object instanceof protobuf.Service
      ) {
        const name = fileOf(object);
        const file = fileEntry(name, namespace.fullName.replace(/^\./, ''));
        const references = referencedFiles.get(name) as Set<string>;
        const refer = (target: protobuf.ReflectionObject): void => {
          const targetFile = fileOf(topLevelDeclaration(target));
          if (targetFile !== name) references.add(targetFile);
        };
        if (object instanceof protobuf.Type) file.messageType.push(describeMessage(object, refer));
        else if (object instanceof protobuf.Enum) file.enumType.push(describeEnum(object));
        else file.service.push(describeService(object, refer));
      } else if (object instanceof protobuf.Namespace) {
        visitNamespace(object);
      } else {
        throw new Error(`${object.fullName}: extensions are not supported in reflection`);
      }
    }
  };
  visitNamespace(root);

  for (const [name, file] of described) {
    const references = [...(referencedFiles.get(name) as Set<string>)];
    if (files.includes(name)) {
      const missing = references.filter((dep) => !file.dependency.includes(dep));
      if (missing.length > 0) {
        throw new Error(`${name} uses types from ${missing.join(', ')} without importing it`);
      }
    } else {
      file.dependency = references.sort();
    }
  }
  // Dependencies before dependents, as in a protoc FileDescriptorSet.
  const ordered: FileJson[] = [];
  const placed = new Set<string>();
  const place = (name: string): void => {
    if (placed.has(name)) return;
    placed.add(name);
    const file = described.get(name);
    if (!file) throw new Error(`imported file ${name} declares nothing protobufjs loaded`);
    file.dependency.forEach(place);
    ordered.push(file);
  };
  [...described.keys()].sort().forEach(place);
  return ordered;
}

function describeMessage(
  type: protobuf.Type,
  refer: (target: protobuf.ReflectionObject) => void,
): MessageJson {
  // protoc lists synthetic oneofs (one per proto3 `optional` field) after all real ones.
  const realOneofs = type.oneofsArray.filter((oneof) => !oneof.isProto3Optional);
  const syntheticOneofs = type.fieldsArray
    .map((field) => field.partOf)
    .filter((oneof): oneof is protobuf.OneOf => oneof !== null && oneof.isProto3Optional);
  const oneofs = [...realOneofs, ...syntheticOneofs];
  const message: MessageJson = {
    name: type.name,
    field: [],
    nestedType: [],
    enumType: [],
    oneofDecl: oneofs.map((oneof) => ({ name: oneof.name })),
    ...describeReserved(type.reserved, 1),
    options: pickOptions(type.options, MESSAGE_OPTIONS, type.fullName),
  };
  for (const field of type.fieldsArray) {
    const described = describeField(field, refer);
    if (field.partOf) described.oneofIndex = oneofs.indexOf(field.partOf);
    if (field instanceof protobuf.MapField) {
      const entry = describeMapEntry(field, refer);
      message.nestedType.push(entry);
      described.type = 'TYPE_MESSAGE';
      described.typeName = `${type.fullName}.${entry.name}`;
      described.label = 'LABEL_REPEATED';
    }
    message.field.push(described);
  }
  for (const nested of type.nestedArray) {
    if (nested instanceof protobuf.Type) message.nestedType.push(describeMessage(nested, refer));
    else if (nested instanceof protobuf.Enum) message.enumType.push(describeEnum(nested));
    else throw new Error(`${nested.fullName}: only nested messages and enums are supported`);
  }
  return message;
}

function describeField(
  field: protobuf.Field,
  refer: (target: protobuf.ReflectionObject) => void,
): FieldJson {
  const described: FieldJson = {
    name: field.name,
    number: field.id,
    label: field.repeated ? 'LABEL_REPEATED' : 'LABEL_OPTIONAL',
    type: fieldType(field.type, field.resolvedType, field.fullName),
    jsonName: jsonName(field.name),
    options: pickOptions(field.options, FIELD_OPTIONS, field.fullName),
  };
  if (field.resolvedType) {
    described.typeName = field.resolvedType.fullName;
    refer(field.resolvedType);
  }
  if (field.partOf?.isProto3Optional) described.proto3Optional = true;
  return described;
}

function describeMapEntry(
  field: protobuf.MapField,
  refer: (target: protobuf.ReflectionObject) => void,
): MessageJson {
  const value: FieldJson = {
    name: 'value',
    number: 2,
    label: 'LABEL_OPTIONAL',
    type: fieldType(field.type, field.resolvedType, field.fullName),
    jsonName: 'value',
  };
  if (field.resolvedType) {
    value.typeName = field.resolvedType.fullName;
    refer(field.resolvedType);
  }
  return {
    name: `${upperFirst(jsonName(field.name))}Entry`,
    field: [
      {
        name: 'key',
        number: 1,
        label: 'LABEL_OPTIONAL',
        type: fieldType(field.keyType, null, field.fullName),
        jsonName: 'key',
      },
      value,
    ],
    nestedType: [],
    enumType: [],
    oneofDecl: [],
    reservedRange: [],
    reservedName: [],
    options: { mapEntry: true },
  };
}

function describeEnum(enumeration: protobuf.Enum): EnumJson {
  return {
    name: enumeration.name,
    value: Object.entries(enumeration.values).map(([name, number]) => ({
      name,
      number,
      options: pickOptions(
        enumeration.valuesOptions?.[name],
        new Set(['deprecated']),
        `${enumeration.fullName}.${name}`,
      ),
    })),
    // EnumReservedRange is inclusive at both ends, unlike message reserved ranges.
    ...describeReserved(enumeration.reserved, 0),
    options: pickOptions(enumeration.options, ENUM_OPTIONS, enumeration.fullName),
  };
}

function describeService(
  service: protobuf.Service,
  refer: (target: protobuf.ReflectionObject) => void,
): ServiceJson {
  return {
    name: service.name,
    method: service.methodsArray.map((method) => {
      method.resolve();
      const input = method.resolvedRequestType;
      const output = method.resolvedResponseType;
      if (!input || !output) throw new Error(`${method.fullName}: unresolved request/response`);
      refer(input);
      refer(output);
      return {
        name: method.name,
        inputType: input.fullName,
        outputType: output.fullName,
        ...(method.requestStream ? { clientStreaming: true } : {}),
        ...(method.responseStream ? { serverStreaming: true } : {}),
        options: pickOptions(method.options, METHOD_OPTIONS, method.fullName),
      };
    }),
  };
}

function fieldType(
  type: string,
  resolved: protobuf.Type | protobuf.Enum | null,
  where: string,
): string {
  if (resolved instanceof protobuf.Type) return 'TYPE_MESSAGE';
  if (resolved instanceof protobuf.Enum) return 'TYPE_ENUM';
  const scalar = SCALAR_TYPES[type];
  if (!scalar) throw new Error(`${where}: unresolved type ${type}`);
  return scalar;
}

/** protobufjs keeps reserved ranges inclusive; `endOffset` 1 makes them exclusive. */
function describeReserved(
  reserved: (number[] | string)[] | undefined,
  endOffset: 0 | 1,
): { reservedRange: { start: number; end: number }[]; reservedName: string[] } {
  const reservedRange: { start: number; end: number }[] = [];
  const reservedName: string[] = [];
  for (const entry of reserved ?? []) {
    if (typeof entry === 'string') reservedName.push(entry);
    else reservedRange.push({ start: entry[0], end: entry[1] + endOffset });
  }
  return { reservedRange, reservedName };
}

function pickOptions(
  options: Record<string, unknown> | undefined,
  supported: ReadonlySet<string>,
  where: string,
): Record<string, unknown> | undefined {
  const picked: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options ?? {})) {
    if (key === 'proto3_optional') continue; // carried as FieldDescriptorProto.proto3_optional
    if (!supported.has(key)) {
      throw new Error(`${where}: option ${key} is not carried into reflection descriptors yet`);
    }
    picked[jsonName(key)] = value;
  }
  return Object.keys(picked).length > 0 ? picked : undefined;
}

/** protoc's ToJsonName: drop underscores, upper-case the letter after each. */
function jsonName(name: string): string {
  let out = '';
  let upperNext = false;
  for (const char of name) {
    if (char === '_') upperNext = true;
    else {
      out += upperNext ? char.toUpperCase() : char;
      upperNext = false;
    }
  }
  return out;
}

function upperFirst(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function topLevelDeclaration(object: protobuf.ReflectionObject): protobuf.ReflectionObject {
  let current = object;
  while (current.parent instanceof protobuf.Type) current = current.parent;
  return current;
}

function indexWellKnownTypes(): Map<string, string> {
  const index = new Map<string, string>();
  for (const file of WELL_KNOWN_FILES) {
    const json = protobuf.common.get(file) as {
      nested?: { google?: { nested?: { protobuf?: { nested?: Record<string, unknown> } } } };
    } | null;
    for (const name of Object.keys(json?.nested?.google?.nested?.protobuf?.nested ?? {})) {
      index.set(`.google.protobuf.${name}`, file);
    }
  }
  return index;
}
