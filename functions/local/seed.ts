/**
 * Demo data for running locally: the business councils of the six partner
 * municipalities, two education institutions, the demo users whose tokens
 * `npm start` prints, some two dozen listings in every state, and six students
 * whose housing requests show the whole flow: pending applications, live
 * offers and two bookings. Behind them lies a past season: some fifty
 * students of the last eleven months, housed, expired or cancelled, whose
 * stays give the councils' statistics something to count. Fixed ids and
 * tables keep a kept database (DATA_DIR) and the printed tokens in step.
 * Everything goes through the services, so audit trails, holds, index keys
 * and statistics counters are real; what happened in the past is done by
 * services whose clock is set back to the moment it happened.
 * Addresses, notes, companies and phone numbers are made up.
 */
import type { Principal } from "#auth/principal";
import { addDays, todayIn } from "#domain/common/dates";
import { type ListingContent, type ListingKind, newListingSchema } from "#domain/listings/model";
import { findMunicipality } from "#domain/municipalities/index";
import { type NewOrganization, newOrganizationSchema } from "#domain/organizations/model";
import { newRequestSchema } from "#domain/requests/model";
import type { Clock } from "#shared/runtime";
import type { Services } from "../api/services";

interface DemoOrganization extends NewOrganization {
  id: string;
}

const organization = (id: string, input: unknown): DemoOrganization => ({ id, ...newOrganizationSchema.parse(input) });

export const demoOrganizations: DemoOrganization[] = [
  organization("council326", { kind: "council", name: "Kalundborg Erhvervsråd", municipalities: ["326"] }),
  organization("council306", { kind: "council", name: "Erhverv Odsherred", municipalities: ["306"] }),
  organization("council340", { kind: "council", name: "Sorø Erhverv", municipalities: ["340"] }),
  organization("council330", { kind: "council", name: "Slagelse Erhvervscenter", municipalities: ["330"] }),
  organization("council360", {
    kind: "council",
    name: "Business Lolland-Falster",
    municipalities: ["360", "376"],
  }),
  organization("institution1", {
    kind: "institution",
    name: "Zealand – Sjællands Erhvervsakademi",
    municipalities: ["330", "370"],
  }),
  organization("institution2", {
    kind: "institution",
    name: "Professionshøjskolen Absalon",
    municipalities: ["340", "330"],
  }),
];

type Need = "furnished" | "accessible" | "pets";
/** What became of an application: left pending, offered (72 h hold), or offered and accepted (a booking). */
type Outcome = "pending" | "offered" | "accepted";

// biome-ignore format: grouped like the table below
interface DemoStudent {
  name: string; company: string; muni: string;
  /** Moves in on the 1st this many months ahead plus `days`, and stays `nights` nights. */
  stay: { months: number; days: number; nights: number };
  maxRent: number; needs: Need[]; kinds: ListingKind[]; km: number; note: string;
  /** What the student writes with every application. */
  hello: string;
  /** Approved listings (by title) the student applies to, in order, and how far each got. */
  applies: [title: string, outcome: Outcome][];
}

// biome-ignore format: one student per block, aligned like a table
const demoStudents: DemoStudent[] = [
  // Open, two pending applications, and ranked matches to browse.
  { name: "Freja", company: "Sorø Akademi – Administration", muni: "340", stay: { months: 2, days: 0, nights: 120 },
    maxRent: 3000, needs: ["furnished"], kinds: ["dorm_room", "room"], km: 40,
    note: "Jeg cykler gerne, men har ingen bil.",
    hello: "Hej! Jeg skal i praktik i Sorø og søger et møbleret værelse. Jeg er stille og ryger ikke.",
    applies: [["Kollegieværelse ved Sorø Sø", "pending"], ["Kollegieværelse tæt på campus", "pending"]] },
  { name: "Ahmad", company: "Kalundborg Forsyning", muni: "326", stay: { months: 1, days: 14, nights: 90 },
    maxRent: 3500, needs: ["furnished"], kinds: ["room", "shared_flat"], km: 40,
    note: "I speak English and some Danish.",
    hello: "Hello! I start an internship at Kalundborg Forsyning and would love a room close to the station.",
    applies: [["Møbleret værelse i villa nær stationen", "offered"]] },
  { name: "Sofie", company: "Slagelse Kommune – Børn og Unge", muni: "330", stay: { months: 3, days: 0, nights: 150 },
    maxRent: 3200, needs: ["furnished"], kinds: ["shared_flat", "dorm_room"], km: 30,
    note: "Bor gerne sammen med andre studerende.",
    hello: "Hej! Jeg skal i praktik i Slagelse og vil gerne bo i en delelejlighed med andre studerende.",
    applies: [["Delelejlighed med fire værelser", "accepted"]] },
  { name: "Jonas", company: "Lolland Kommune – Teknik", muni: "360", stay: { months: 1, days: 0, nights: 120 },
    maxRent: 2500, needs: ["pets"], kinds: ["room"], km: 30,
    note: "Jeg har en lille, rolig hund.",
    hello: "Hej! Jeg er i praktik hos Lolland Kommune og har en lille hund med. Må den bo med?",
    applies: [["Værelse nær Maribo Søndersø", "accepted"]] },
  { name: "Amira", company: "Falster Logistik", muni: "376", stay: { months: 1, days: 7, nights: 100 },
    maxRent: 3000, needs: ["furnished"], kinds: ["dorm_room", "shared_flat"], km: 50,
    note: "English is fine; I am learning Danish.",
    hello: "Hi! I have an internship in Nykøbing Falster and am looking for a furnished room for three months.",
    applies: [["Delebolig i villa tæt på stationen", "offered"], ["Kollegieværelse i Nykøbing Falster", "pending"]] },
  { name: "Mateo", company: "Odsherred Kommune – Natur og Miljø", muni: "306", stay: { months: 2, days: 0, nights: 75 },
    maxRent: 4500, needs: [], kinds: ["summer_house", "room"], km: 60,
    note: "I have a car, so distance is not a problem.",
    hello: "Hi! I map nature trails for the municipality and need a place near Asnæs for about ten weeks.",
    applies: [["Helårsisoleret sommerhus nær Asnæs", "pending"], ["Værelse i byhus midt i Asnæs", "pending"]] },
];

export interface DemoUser {
  /** How the start banner names the user (English, for the terminal). */
  label: string;
  /** The person or organisation, as the web app's sign-in page shows them. */
  name: string;
  /** A council's second member, who may approve what the first created. */
  reviewer?: boolean;
  principal: Principal;
}

const councils = demoOrganizations.filter((org) => org.kind === "council");
const studentSub = (name: string) => `demo-student-${name.toLowerCase()}`;

export const demoUsers: DemoUser[] = [
  { label: "admin", name: "Praktikbolig", principal: { sub: "demo-admin", role: "admin" } },
  ...demoOrganizations.map((org) => ({
    label: `${org.kind} · ${org.name}`,
    name: org.name,
    principal: { sub: `demo-staff-${org.id}`, role: org.kind, orgId: org.id },
  })),
  // A second member per council: approvals need someone other than the listing's creator.
  ...councils.map((org) => ({
    label: `council reviewer · ${org.name}`,
    name: org.name,
    reviewer: true,
    principal: { sub: `demo-reviewer-${org.id}`, role: "council" as const, orgId: org.id },
  })),
  // First names only; their requests and applications are in the table above.
  ...demoStudents.map(({ name }) => ({
    label: `student · ${name}`,
    name,
    principal: { sub: studentSub(name), role: "student" as const },
  })),
];

const userWithSub = (sub: string): Principal => {
  const user = demoUsers.find((candidate) => candidate.principal.sub === sub);
  if (!user) throw new Error(`No demo user ${sub}`);
  return user.principal;
};

/** The reviewer of the council that covers a municipality. */
const reviewerFor = (code: string): Principal => {
  const council = councils.find((org) => org.municipalities.includes(code));
  if (!council) throw new Error(`No demo council covers municipality ${code}`);
  return userWithSub(`demo-reviewer-${council.id}`);
};

/** `expired`: approved when it was listed, its window has passed since. */
type Target = "draft" | "pending" | "approved" | "rejected" | "withdrawn" | "expired";
type Feature = "furnished" | "accessible" | "pets" | "smoking" | "internet" | "utilities";

// biome-ignore format: grouped like the table below
interface DemoListing {
  muni: string; kind: ListingKind; to: Target; rent: number; deposit: number; sqm: number; beds: number;
  /** The owning organisation; its demo staff member creates, submits and withdraws. */
  owner: string;
  title: string; text: string; note: string; has: Feature[]; langs: string[];
  /** "Street, postal code and town", as Danes write it. */
  address: string;
  /** Kilometres north and east of the municipality's centre. */
  km: [number, number];
  /** Starts this many months ahead (on the 1st; 0: today; negative: that many months ago) and lasts that many months. */
  window: [number, number];
  /** Why it was rejected or withdrawn. */
  reason?: string;
}

const SCHOOL = "Ring via skolens kontor på +45 00 00 00 00 (hverdage 9–15).";
const COUNCIL = "Skriv til erhvervsrådets boligteam via Praktikbolig; vi svarer inden for to hverdage.";
const HOST = "Værtsfamilien kontaktes via erhvervsrådet på +45 00 00 00 00.";
const KEYS = "Nøgler udleveres på skolens kontor; spørgsmål til +45 00 00 00 00.";

// biome-ignore format: one listing per block, aligned like a table
const demoListings: DemoListing[] = [
  // Kalundborg (326)
  { muni: "326", kind: "room", owner: "council326", to: "approved", rent: 2900, deposit: 2900, sqm: 12, beds: 1,
    title: "Møbleret værelse i villa nær stationen", address: "Slagelsevej 21, 4400 Kalundborg", km: [-0.8, 0.9],
    window: [1, 6], has: ["furnished", "internet", "utilities"], langs: ["da", "en"], note: COUNCIL,
    text: "Lyst værelse på 1. sal i villa. Fælles køkken og bad med udlejer; fem minutters gang til toget." },
  { muni: "326", kind: "apartment", owner: "institution2", to: "approved", rent: 5900, deposit: 17700, sqm: 58, beds: 2,
    title: "Toværelses lejlighed i gågaden", address: "Kordilgade 30, 1. tv., 4400 Kalundborg", km: [0.1, -0.2],
    window: [2, 10], has: ["furnished", "internet"], langs: ["da", "en"], note: SCHOOL,
    text: "Møbleret lejlighed midt i gågaden med to soveværelser, eget køkken og bad. Egnet til to praktikanter." },
  { muni: "326", kind: "host_family", owner: "council326", to: "pending", rent: 2600, deposit: 0, sqm: 12, beds: 1,
    title: "Værelse hos familie i Raklev", address: "Raklevvej 12, 4400 Kalundborg", km: [1.0, -3.0],
    window: [1, 5], has: ["furnished", "internet", "utilities"], langs: ["da", "en", "de"], note: HOST,
    text: "Familie med to børn og en hund; aftensmad på hverdage er med. Bus til Kalundborg hver halve time." },
  { muni: "326", kind: "dorm_room", owner: "institution2", to: "draft", rent: 2400, deposit: 4800, sqm: 18, beds: 1,
    title: "Kollegieværelse med eget bad", address: "Møllebakken 3, st. 4, 4400 Kalundborg", km: [0.9, 0.6],
    window: [3, 12], has: ["furnished", "internet", "accessible"], langs: ["da", "en"], note: KEYS,
    text: "Værelse i stueetagen med eget bad og tekøkken, niveaufri adgang. Fælles køkken og vaskeri på gangen." },
  { muni: "326", kind: "room", owner: "council326", to: "expired", rent: 2500, deposit: 2500, sqm: 11, beds: 1,
    title: "Værelse i Ulstrup til forårets praktik", address: "Ulstrupvej 8, 4400 Kalundborg", km: [2.5, 1.5],
    window: [-8, 5], has: ["furnished", "utilities"], langs: ["da"], note: COUNCIL,
    text: "Værelse med egen indgang i en landejendom. Udlejet for foråret; vinduet er udløbet og ikke genopslået." },
  // Odsherred (306)
  { muni: "306", kind: "summer_house", owner: "council306", to: "approved", rent: 4200, deposit: 8400, sqm: 60, beds: 3,
    title: "Helårsisoleret sommerhus nær Asnæs", address: "Lyngvej 17, 4550 Asnæs", km: [2.5, -2.0],
    window: [1, 5], has: ["furnished", "internet", "pets"], langs: ["da"], note: COUNCIL,
    text: "Træhus med brændeovn, tre små soveværelser og stor have. Udlejes uden for sommersæsonen." },
  { muni: "306", kind: "room", owner: "council306", to: "approved", rent: 2300, deposit: 2300, sqm: 11, beds: 1,
    title: "Værelse i byhus midt i Asnæs", address: "Hovedgaden 20, 4550 Asnæs", km: [0.1, 0.1],
    window: [0, 6], has: ["furnished", "internet"], langs: ["da", "en"], note: COUNCIL,
    text: "Ledigt nu. Værelse på 1. sal med adgang til køkken, bad og gårdhave; indkøb og bus om hjørnet." },
  { muni: "306", kind: "apartment", owner: "council306", to: "pending", rent: 4600, deposit: 9200, sqm: 45, beds: 2,
    title: "Lille lejlighed i Grevinge", address: "Skolevej 4, 4571 Grevinge", km: [-1.0, 4.3],
    window: [2, 8], has: ["internet", "accessible"], langs: ["da"], note: COUNCIL,
    text: "Umøbleret stuelejlighed med egen indgang, soveværelse og stue med sovesofa. Tæt på togstationen." },
  { muni: "306", kind: "host_family", owner: "council306", to: "rejected", rent: 3400, deposit: 0, sqm: 13, beds: 1,
    title: "Værelse hos værtsfamilie med heste", address: "Nyvej 9, 4550 Asnæs", km: [-1.5, -1.2],
    window: [1, 6], has: ["furnished", "pets"], langs: ["da", "en"], note: HOST,
    reason: "Angiv venligst, hvad huslejen dækker (kost, vask, internet), og om værelset har egen indgang.",
    text: "Landejendom lidt uden for byen. Værelse i udhus, hjælp i stalden er velkommen men ikke et krav." },
  // Sorø (340)
  { muni: "340", kind: "dorm_room", owner: "institution2", to: "approved", rent: 2200, deposit: 4400, sqm: 16, beds: 1,
    title: "Kollegieværelse ved Sorø Sø", address: "Søgade 12, 4180 Sorø", km: [0.3, -0.2],
    window: [1, 10], has: ["furnished", "internet", "accessible", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Møbleret værelse med håndvask, fælles køkken for seks beboere. Varme, el og internet er med i huslejen." },
  { muni: "340", kind: "room", owner: "institution2", to: "approved", rent: 2700, deposit: 2700, sqm: 12, beds: 1,
    title: "Værelse i rækkehus i Pedersborg", address: "Pedersborgvej 40, 4180 Sorø", km: [1.2, -0.9],
    window: [2, 4], has: ["furnished", "internet", "pets"], langs: ["da"], note: SCHOOL,
    text: "Roligt værelse hos et ældre par med kat; egne kæledyr efter aftale. Ti minutter på cykel til centrum." },
  { muni: "340", kind: "shared_flat", owner: "institution2", to: "pending", rent: 3000, deposit: 6000, sqm: 85, beds: 3,
    title: "Tre værelser i delelejlighed på Storgade", address: "Storgade 25, 1., 4180 Sorø", km: [0.0, 0.1],
    window: [1, 11], has: ["furnished", "internet"], langs: ["da", "en"], note: SCHOOL,
    text: "Husleje pr. værelse. Tre møblerede værelser med fælles stue, køkken og bad midt i byen." },
  { muni: "340", kind: "apartment", owner: "council340", to: "withdrawn", rent: 5400, deposit: 16200, sqm: 55, beds: 2,
    title: "Toværelses lejlighed nær Sorø Station", address: "Ringstedvej 30, 4180 Sorø", km: [-2.0, 0.3],
    window: [2, 12], has: ["internet", "accessible"], langs: ["da"], note: COUNCIL,
    reason: "Lejligheden er udlejet uden for Praktikbolig.",
    text: "Lys lejlighed med altan og elevator, få minutters gang til toget mod Slagelse og København." },
  // Slagelse (330)
  { muni: "330", kind: "dorm_room", owner: "institution1", to: "approved", rent: 2500, deposit: 5000, sqm: 18, beds: 1,
    title: "Kollegieværelse tæt på campus", address: "Nørre Boulevard 12, 4200 Slagelse", km: [0.8, 0.2],
    window: [1, 6], has: ["furnished", "internet", "accessible", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Værelse med eget bad og fælles køkken. Cykelparkering i gården og gåafstand til campus og station." },
  { muni: "330", kind: "shared_flat", owner: "institution1", to: "approved", rent: 2800, deposit: 5600, sqm: 98, beds: 4,
    title: "Delelejlighed med fire værelser", address: "Smedegade 7, 2., 4200 Slagelse", km: [-0.1, 0.2],
    window: [2, 9], has: ["furnished", "internet"], langs: ["da", "en"], note: SCHOOL,
    text: "Husleje pr. værelse. Stor lejlighed i centrum med fire værelser, to badeværelser og fælles stue." },
  { muni: "330", kind: "host_family", owner: "institution2", to: "approved", rent: 3300, deposit: 0, sqm: 14, beds: 1,
    title: "Værtsfamilie med morgenmad", address: "Schweizerdalsvej 33, 4200 Slagelse", km: [-1.0, -0.8],
    window: [1, 4], has: ["furnished", "internet", "utilities"], langs: ["da", "en", "de"], note: HOST,
    text: "Værelse i parcelhus med morgenmad og vaskemaskine. Familien har haft udvekslingsstuderende før." },
  { muni: "330", kind: "apartment", owner: "council330", to: "pending", rent: 4900, deposit: 14700, sqm: 38, beds: 1,
    title: "Møbleret etværelses lejlighed i centrum", address: "Løvegade 9, 1. th., 4200 Slagelse", km: [0.1, -0.1],
    window: [3, 6], has: ["furnished", "internet"], langs: ["da", "en"], note: COUNCIL,
    text: "Lille lejlighed med køkkenniche og eget bad, to minutter fra Nytorv." },
  { muni: "330", kind: "room", owner: "institution1", to: "draft", rent: 2400, deposit: 2400, sqm: 15, beds: 1,
    title: "Værelse i stuehus ved Lystskoven", address: "Sorøvej 70, 4200 Slagelse", km: [-0.5, 2.5],
    window: [2, 6], has: ["pets", "smoking"], langs: ["da"], note: SCHOOL,
    text: "Umøbleret værelse i ældre stuehus med stor have. Rygning kun udendørs." },
  // Lolland (360)
  { muni: "360", kind: "room", owner: "council360", to: "approved", rent: 2100, deposit: 2100, sqm: 13, beds: 1,
    title: "Værelse nær Maribo Søndersø", address: "Vestergade 20, 4930 Maribo", km: [0.0, -0.3],
    window: [1, 6], has: ["furnished", "internet", "pets"], langs: ["da", "de"], note: COUNCIL,
    text: "Værelse i byhus med adgang til køkken og have, få minutter fra søen og domkirken." },
  { muni: "360", kind: "summer_house", owner: "council360", to: "approved", rent: 3800, deposit: 7600, sqm: 55, beds: 4,
    title: "Sommerhus ved Maribosøerne", address: "Søvej 5, 4930 Maribo", km: [2.0, 1.5],
    window: [1, 4], has: ["furnished", "internet", "pets", "smoking"], langs: ["da", "de", "en"], note: COUNCIL,
    text: "Hyggeligt sommerhus med fire sovepladser, varmepumpe og plads til cykler. Udlejes til sæsonen starter." },
  { muni: "360", kind: "apartment", owner: "council360", to: "rejected", rent: 7500, deposit: 22500, sqm: 90, beds: 4,
    title: "Stor lejlighed til fire i Maribo", address: "Jernbanegade 8, 1., 4930 Maribo", km: [-0.3, 0.4],
    window: [2, 12], has: ["internet", "accessible"], langs: ["da"], note: COUNCIL,
    reason: "Beskrivelsen nævner to soveværelser, men kapaciteten er sat til fire. Ret kapaciteten eller beskrivelsen.",
    text: "Rummelig lejlighed med to soveværelser, stor stue og elevator. Tæt på stationen." },
  // Guldborgsund (376)
  { muni: "376", kind: "dorm_room", owner: "institution1", to: "approved", rent: 1800, deposit: 3600, sqm: 14, beds: 1,
    title: "Kollegieværelse i Nykøbing Falster", address: "Fjordvej 22, 4800 Nykøbing F", km: [0.6, -0.4],
    window: [0, 5], has: ["furnished", "internet", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Ledigt nu. Møbleret værelse med fælles køkken og fællesrum; alt er med i huslejen." },
  { muni: "376", kind: "shared_flat", owner: "institution2", to: "approved", rent: 2600, deposit: 5200, sqm: 96, beds: 3,
    title: "Delebolig i villa tæt på stationen", address: "Jernbanegade 30, 4800 Nykøbing F", km: [-0.3, 0.0],
    window: [1, 7], has: ["furnished", "internet", "accessible"], langs: ["da", "en", "uk"], note: SCHOOL,
    text: "Husleje pr. værelse. Villa med fælles køkken, to bad og stor have; niveaufri adgang i stueetagen." },
  { muni: "376", kind: "host_family", owner: "council360", to: "pending", rent: 2900, deposit: 0, sqm: 12, beds: 1,
    title: "Værelse hos familie i Sundby", address: "Strandvejen 14, 4800 Nykøbing F", km: [0.2, -2.0],
    window: [2, 5], has: ["furnished", "internet", "utilities"], langs: ["da", "en", "pl"], note: HOST,
    text: "Værelse med aftensmad hos en familie på Lollandssiden af Guldborgsund, tæt på broen til Nykøbing." },
  { muni: "376", kind: "apartment", owner: "council360", to: "approved", rent: 6200, deposit: 18600, sqm: 64, beds: 2,
    title: "Nyistandsat lejlighed ved havnen", address: "Havnegade 5, 2. tv., 4800 Nykøbing F", km: [0.1, -0.6],
    window: [4, 12], has: ["furnished", "internet", "accessible"], langs: ["da", "en"], note: COUNCIL,
    text: "To soveværelser, nyt køkken og elevator. Udsigt over Guldborgsund og fem minutter til centrum." },
];

/** The 1st of the month `months` after the month of `date`. */
function monthStart(date: string, months: number): string {
  const [year, month] = date.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(year, month - 1 + months, 1)).toISOString().slice(0, 10);
}

function contentOf(spec: DemoListing, today: string): ListingContent {
  const centre = findMunicipality(spec.muni);
  const place = /^(.+), (\d{4}) (.+)$/.exec(spec.address);
  if (!centre || !place) throw new Error(`Demo listing "${spec.title}" has no known place`);
  const [, street, postalCode, city] = place;
  const [north, east] = spec.km;
  const [start, months] = spec.window;
  const round = (degrees: number) => Math.round(degrees * 10_000) / 10_000;
  const has = (feature: Feature) => spec.has.includes(feature);
  return newListingSchema.parse({
    title: spec.title,
    description: spec.text,
    kind: spec.kind,
    municipalityCode: spec.muni,
    address: { street, postalCode, city },
    location: {
      lat: round(centre.lat + north / 111.2),
      lon: round(centre.lon + east / (111.2 * Math.cos((centre.lat * Math.PI) / 180))),
    },
    rentDkk: spec.rent,
    depositDkk: spec.deposit,
    utilitiesIncluded: has("utilities"),
    sizeSqm: spec.sqm,
    capacity: spec.beds,
    availableFrom: start === 0 ? today : monthStart(today, start),
    availableTo: monthStart(today, start + months),
    furnished: has("furnished"),
    accessible: has("accessible"),
    petsAllowed: has("pets"),
    smokingAllowed: has("smoking"),
    internet: has("internet"),
    languages: spec.langs,
    contactNote: spec.note,
  });
}

/**
 * Creates the listing as its owner's staff and walks it to its target state;
 * answers its id. The council decides through `review`: the same services,
 * or those of a later day.
 */
async function seedListing(
  listings: Services["listings"],
  spec: DemoListing,
  today: string,
  review: Services["listings"] = listings,
) {
  const creator = userWithSub(`demo-staff-${spec.owner}`);
  const reviewer = reviewerFor(spec.muni);
  const { id } = await listings.create(creator, contentOf(spec, today));
  if (spec.to === "draft") return id;
  await listings.submit(creator, id);
  if (spec.to === "pending") return id;
  if (spec.to === "rejected") {
    await review.reject(reviewer, id, spec.reason ?? "Mangler oplysninger");
    return id;
  }
  await review.approve(reviewer, id);
  if (spec.to === "withdrawn") await listings.withdraw(creator, id, spec.reason);
  return id;
}

/** An approved demo listing, as the students' applications need it. */
interface ApprovedListing {
  id: string;
  owner: string;
  availableFrom: string;
  availableTo: string;
}

/** How long a seeded offer holds its bed. */
const OFFER_HOURS = 72;

/**
 * Creates the student's request and walks each application to its outcome:
 * the listing's owner offers, the student accepts. `listings` holds the
 * approved demo listings by title.
 */
async function seedStudent(
  services: Services,
  spec: DemoStudent,
  listings: Map<string, ApprovedListing>,
  today: string,
) {
  const student = userWithSub(studentSub(spec.name));
  const moveIn = addDays(monthStart(today, spec.stay.months), spec.stay.days);
  const moveOut = addDays(moveIn, spec.stay.nights);
  const targets = spec.applies.map(([title, outcome]) => {
    const listing = listings.get(title);
    if (!listing) throw new Error(`Demo student ${spec.name} applies to "${title}", no approved demo listing`);
    if (listing.availableFrom > moveIn || listing.availableTo < moveOut) {
      throw new Error(`Demo student ${spec.name}'s stay ${moveIn}..${moveOut} is outside "${title}"`);
    }
    return { ...listing, outcome };
  });
  const request = await services.requests.create(
    student,
    newRequestSchema.parse({
      internship: {
        company: spec.company,
        municipalityCode: spec.muni,
        startDate: moveIn,
        endDate: addDays(moveOut, -1),
      },
      moveIn,
      moveOut,
      maxRent: spec.maxRent,
      needs: Object.fromEntries(spec.needs.map((need) => [need, true])),
      preferredKinds: spec.kinds,
      maxDistanceKm: spec.km,
      note: spec.note,
    }),
  );
  for (const target of targets) {
    const application = await services.stays.apply(student, request.id, { listingId: target.id, message: spec.hello });
    if (target.outcome === "pending") continue;
    // Offers come from staff of the listing's owner organisation.
    await services.stays.offer(userWithSub(`demo-staff-${target.owner}`), application.id, OFFER_HOURS);
    if (target.outcome === "accepted") await services.stays.accept(student, application.id);
  }
}

/** The services as they ran on one day in the past: a listing made then can have a window that has passed now. */
export type ServicesAt = (clock: Clock) => Services;

/** What seeding did: nothing when the demo data was there already. */
export type SeedOutcome =
  | {
      seeded: true;
      listings: number;
      students: number;
      bookings: number;
      /** The past season: its requests, and how many of them were housed. */
      season: { requests: number; housed: number };
    }
  | { seeded: false };

/** A month before the window opens, at nine in the morning: when an expired demo listing was listed and approved. */
const listedOn = (spec: DemoListing, today: string): Clock => {
  const at = new Date(`${monthStart(today, spec.window[0] - 1)}T09:00:00Z`);
  return { now: () => new Date(at) };
};

/**
 * Lists an expired demo listing back when its window was ahead, then lets a
 * search of today move it to the stored state `expired`, as any search would.
 */
async function seedExpiredListing(services: Services, servicesAt: ServicesAt, spec: DemoListing, today: string) {
  const id = await seedListing(servicesAt(listedOn(spec, today)).listings, spec, today);
  await services.listings.search(userWithSub("demo-admin"), { municipalities: [spec.muni] }, { limit: 100 });
  return id;
}

// ── The past season ─────────────────────────────────────────────────────────

/**
 * Rooms listed for the season's interns a year ago and approved a few days
 * later: the long windows reach three months ahead and are open still, the
 * short ones have expired since.
 */
// biome-ignore format: one listing per block, aligned like a table
const seasonListings: DemoListing[] = [
  { muni: "326", kind: "shared_flat", owner: "council326", to: "approved", rent: 2600, deposit: 5200, sqm: 90, beds: 3,
    title: "Praktikantbolig i Kalundborg centrum", address: "Skibbrogade 14, 2., 4400 Kalundborg", km: [0.2, 0.1],
    window: [-11, 14], has: ["furnished", "internet", "utilities"], langs: ["da", "en"], note: COUNCIL,
    text: "Husleje pr. værelse. Tre møblerede værelser med fælles køkken og stue; udlejes kun til praktikanter." },
  { muni: "326", kind: "room", owner: "institution2", to: "approved", rent: 2400, deposit: 2400, sqm: 13, beds: 1,
    title: "Værelse med udsigt over fjorden", address: "Strandstien 6, 4400 Kalundborg", km: [-0.6, 1.4],
    window: [-11, 9], has: ["furnished", "internet"], langs: ["da"], note: SCHOOL,
    text: "Værelse på 1. sal i et ældre hus ved vandet, med adgang til køkken og bad. Udlejes for en begrænset periode." },
  { muni: "306", kind: "shared_flat", owner: "council306", to: "approved", rent: 2500, deposit: 5000, sqm: 110, beds: 3,
    title: "Tre værelser i stuehus ved Asnæs", address: "Vejlebyvej 9, 4550 Asnæs", km: [1.1, 0.7],
    window: [-11, 14], has: ["furnished", "internet", "pets"], langs: ["da", "en"], note: COUNCIL,
    text: "Husleje pr. værelse. Renoveret stuehus med fælles køkken, to bad og cykler til låns." },
  { muni: "306", kind: "summer_house", owner: "council306", to: "approved", rent: 3200, deposit: 6400, sqm: 48, beds: 2,
    title: "Sommerhus ved Vig", address: "Egebjergvej 40, 4560 Vig", km: [3.2, 3.6],
    window: [-11, 7], has: ["furnished", "internet"], langs: ["da", "de"], note: COUNCIL,
    text: "Isoleret sommerhus med to soveværelser og brændeovn. Udlejes til praktikanter, mens ejerne bor i udlandet." },
  { muni: "340", kind: "dorm_room", owner: "institution2", to: "approved", rent: 2300, deposit: 4600, sqm: 15, beds: 3,
    title: "Kollegieværelser ved Alleen", address: "Alleen 8, 4180 Sorø", km: [0.4, 0.2],
    window: [-11, 14], has: ["furnished", "internet", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Tre møblerede værelser med håndvask og fælles køkken. Ti minutters gang til station og centrum." },
  { muni: "340", kind: "room", owner: "council340", to: "approved", rent: 2600, deposit: 2600, sqm: 12, beds: 1,
    title: "Værelse med egen indgang nær Sorø Sø", address: "Møllevej 11, 4180 Sorø", km: [-0.7, 0.9],
    window: [-11, 10], has: ["furnished", "internet"], langs: ["da", "en"], note: COUNCIL,
    text: "Værelse i anneks med eget toilet; køkken deles med udlejer. Søen og stien rundt om den ligger lige ved." },
  { muni: "330", kind: "dorm_room", owner: "institution1", to: "approved", rent: 2400, deposit: 4800, sqm: 17, beds: 4,
    title: "Kollegieværelser ved Slagelse Station", address: "Jernbanegade 40, 4200 Slagelse", km: [-0.3, 0.3],
    window: [-11, 14], has: ["furnished", "internet", "accessible", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Fire værelser med eget bad, fælles køkken og vaskeri. To minutter til toget mod Sorø og Korsør." },
  { muni: "330", kind: "shared_flat", owner: "council330", to: "approved", rent: 2900, deposit: 5800, sqm: 70, beds: 2,
    title: "Delelejlighed til to i Bredegade", address: "Bredegade 19, 1. th., 4200 Slagelse", km: [0.2, -0.3],
    window: [-11, 9], has: ["furnished", "internet"], langs: ["da", "en"], note: COUNCIL,
    text: "Husleje pr. værelse. Lejlighed med to værelser, fælles stue og køkken midt i byen." },
  { muni: "360", kind: "shared_flat", owner: "council360", to: "approved", rent: 2200, deposit: 4400, sqm: 95, beds: 3,
    title: "Praktikantværelser på Østergade", address: "Østergade 12, 4930 Maribo", km: [0.1, 0.4],
    window: [-11, 14], has: ["furnished", "internet", "pets"], langs: ["da", "de", "en"], note: COUNCIL,
    text: "Husleje pr. værelse. Tre værelser over en butik med fælles køkken, bad og gårdhave." },
  { muni: "360", kind: "host_family", owner: "council360", to: "approved", rent: 2800, deposit: 0, sqm: 12, beds: 1,
    title: "Værelse hos familie ved Skovvej", address: "Skovvej 7, 4930 Maribo", km: [-1.2, -0.5],
    window: [-11, 10], has: ["furnished", "internet", "utilities"], langs: ["da", "de"], note: HOST,
    text: "Værelse hos en familie med to teenagere; aftensmad på hverdage er med. Cykel til låns." },
  { muni: "376", kind: "dorm_room", owner: "institution1", to: "approved", rent: 1900, deposit: 3800, sqm: 14, beds: 4,
    title: "Kollegieværelser ved Nykøbing Station", address: "Banegårdspladsen 3, 4800 Nykøbing F", km: [-0.2, -0.1],
    window: [-11, 14], has: ["furnished", "internet", "utilities"], langs: ["da", "en"], note: KEYS,
    text: "Fire møblerede værelser med fælles køkken og fællesrum, tæt på tog og bus." },
  { muni: "376", kind: "shared_flat", owner: "council360", to: "approved", rent: 2700, deposit: 5400, sqm: 75, beds: 2,
    title: "To værelser i lejlighed på Slotsgade", address: "Slotsgade 20, 1., 4800 Nykøbing F", km: [0.0, -0.4],
    window: [-11, 9], has: ["furnished", "internet", "accessible"], langs: ["da", "en"], note: COUNCIL,
    text: "Husleje pr. værelse. Lys lejlighed med elevator, fælles køkken og stue; udlejes for en begrænset periode." },
];

/**
 * How one of a past student's applications went: left unanswered, declined,
 * offered but never answered (the hold lapsed), or offered and accepted.
 */
type PastOutcome = "pending" | "declined" | "lapsed" | "accepted";
/** How the request ended: housed or cancelled that many days after it was made, or expired at move-in. */
type PastEnd = ["housed", days: number] | ["cancelled", days: number] | ["expired"];

// biome-ignore format: grouped like the table below
interface PastStudent {
  muni: string; company: string;
  /** Where the internship is, when not in the municipality's main town. */
  town?: keyof typeof towns;
  /** Moves in on the 1st this many months from now plus `days`, and stays `weeks` weeks. */
  moveIn: [months: number, days: number]; weeks: number;
  /** Days before moving in that the request was made. */
  lead: number;
  /** Season listings (by title) applied to on the day of the request, and how each went. */
  applies: [title: string, outcome: PastOutcome][];
  end: PastEnd;
}

/** Towns outside the municipalities' main towns where some internships are. */
const towns = {
  Høng: [55.509, 11.288],
  "Nykøbing Sjælland": [55.925, 11.671],
  "Sjællands Odde": [55.97, 11.37],
  Dianalund: [55.531, 11.497],
  Korsør: [55.33, 11.139],
  Nakskov: [54.83, 11.136],
  Rødby: [54.695, 11.389],
  Sakskøbing: [54.799, 11.645],
  Nysted: [54.665, 11.741],
} as const;

const KAL_FLAT = "Praktikantbolig i Kalundborg centrum";
const KAL_ROOM = "Værelse med udsigt over fjorden";
const ODS_FARM = "Tre værelser i stuehus ved Asnæs";
const ODS_HOUSE = "Sommerhus ved Vig";
const SOR_DORM = "Kollegieværelser ved Alleen";
const SOR_ROOM = "Værelse med egen indgang nær Sorø Sø";
const SLA_DORM = "Kollegieværelser ved Slagelse Station";
const SLA_FLAT = "Delelejlighed til to i Bredegade";
const MAR_FLAT = "Praktikantværelser på Østergade";
const MAR_HOST = "Værelse hos familie ved Skovvej";
const NYK_DORM = "Kollegieværelser ved Nykøbing Station";
const NYK_FLAT = "To værelser i lejlighed på Slotsgade";

/**
 * The students of the past eleven months, eight per partner municipality:
 * most housed after a wait of 0–45 days, some in a neighbouring
 * municipality; one each whose move-in passed without a booking, and one
 * each who cancelled. Their stays are over, under way or (a few) ahead.
 */
// biome-ignore format: one student per block, aligned like a table
const pastStudents: PastStudent[] = [
  // Kalundborg (326)
  { muni: "326", company: "Kalundborg Kommune – Jobcenter",
    moveIn: [-10, 0], weeks: 12, lead: 24, applies: [[KAL_FLAT, "accepted"]], end: ["housed", 6] },
  { muni: "326", company: "Vestkystens VVS og Energi",
    moveIn: [-9, 0], weeks: 16, lead: 21, applies: [[KAL_ROOM, "accepted"]], end: ["housed", 3] },
  { muni: "326", company: "Kalundborg Havn – Drift",
    moveIn: [-7, 0], weeks: 20, lead: 40, applies: [[KAL_ROOM, "declined"], [KAL_FLAT, "accepted"]], end: ["housed", 18] },
  { muni: "326", company: "Kalundborg Bioenergi",
    moveIn: [-6, 14], weeks: 8, lead: 14, applies: [[KAL_FLAT, "lapsed"]], end: ["expired"] },
  { muni: "326", company: "Kalundborg Kommune – Vej og Park",
    moveIn: [-4, 0], weeks: 10, lead: 35, applies: [[SLA_DORM, "accepted"]], end: ["housed", 27] },
  { muni: "326", company: "Høng Friskole", town: "Høng",
    moveIn: [-3, 0], weeks: 14, lead: 28, applies: [[KAL_FLAT, "accepted"]], end: ["housed", 9] },
  { muni: "326", company: "Kalundborg Bibliotekerne",
    moveIn: [-2, 14], weeks: 6, lead: 20, applies: [[KAL_FLAT, "pending"]], end: ["cancelled", 5] },
  { muni: "326", company: "Kalundborg Kommune – Ældre og Sundhed",
    moveIn: [1, 0], weeks: 8, lead: 45, applies: [[KAL_FLAT, "accepted"]], end: ["housed", 10] },
  // Odsherred (306)
  { muni: "306", company: "Odsherred Kommune – Ældreplejen",
    moveIn: [-10, 0], weeks: 10, lead: 25, applies: [[ODS_HOUSE, "accepted"]], end: ["housed", 2] },
  { muni: "306", company: "Odsherred Teater", town: "Nykøbing Sjælland",
    moveIn: [-9, 14], weeks: 12, lead: 30, applies: [[ODS_FARM, "accepted"]], end: ["housed", 12] },
  { muni: "306", company: "Asnæs Tømrer og Snedker",
    moveIn: [-8, 0], weeks: 16, lead: 18, applies: [[ODS_HOUSE, "accepted"]], end: ["housed", 0] },
  { muni: "306", company: "Vig Lægehus",
    moveIn: [-6, 0], weeks: 8, lead: 10, applies: [[ODS_FARM, "pending"]], end: ["expired"] },
  { muni: "306", company: "Odsherred Turistbureau",
    moveIn: [-5, 0], weeks: 6, lead: 30, applies: [[ODS_FARM, "pending"]], end: ["cancelled", 12] },
  { muni: "306", company: "Odden Fiskerihavn", town: "Sjællands Odde",
    moveIn: [-4, 0], weeks: 12, lead: 42, applies: [[ODS_FARM, "accepted"]], end: ["housed", 31] },
  { muni: "306", company: "Odsherred Kommune – Dagtilbud",
    moveIn: [-2, 0], weeks: 12, lead: 21, applies: [[ODS_FARM, "accepted"]], end: ["housed", 7] },
  { muni: "306", company: "Asnæs Centret – Butiksdrift",
    moveIn: [-1, 14], weeks: 8, lead: 30, applies: [[ODS_FARM, "accepted"]], end: ["housed", 16] },
  // Sorø (340)
  { muni: "340", company: "Sorø Kommune – Dagtilbud",
    moveIn: [-10, 0], weeks: 20, lead: 26, applies: [[SOR_DORM, "accepted"]], end: ["housed", 14] },
  { muni: "340", company: "Dianalund Plejecenter", town: "Dianalund",
    moveIn: [-9, 0], weeks: 12, lead: 20, applies: [[SOR_ROOM, "accepted"]], end: ["housed", 4] },
  { muni: "340", company: "Sorø Kommune – Teknik og Miljø",
    moveIn: [-8, 14], weeks: 10, lead: 28, applies: [[SOR_DORM, "declined"], [SLA_FLAT, "accepted"]], end: ["housed", 21] },
  { muni: "340", company: "Sorø Bibliotek",
    moveIn: [-6, 0], weeks: 12, lead: 30, applies: [[SOR_ROOM, "accepted"]], end: ["housed", 8] },
  { muni: "340", company: "Sorø Idrætscenter",
    moveIn: [-5, 14], weeks: 6, lead: 14, applies: [[SOR_DORM, "lapsed"]], end: ["expired"] },
  { muni: "340", company: "Sorø Boligselskab",
    moveIn: [-3, 0], weeks: 16, lead: 40, applies: [[SOR_DORM, "accepted"]], end: ["housed", 38] },
  { muni: "340", company: "Sorø Revision",
    moveIn: [-2, 0], weeks: 8, lead: 25, applies: [], end: ["cancelled", 3] },
  { muni: "340", company: "Sorø Kommune – Borgerservice",
    moveIn: [1, 0], weeks: 8, lead: 50, applies: [[SOR_DORM, "accepted"]], end: ["housed", 11] },
  // Slagelse (330)
  { muni: "330", company: "Slagelse Sygehus – Akutmodtagelsen",
    moveIn: [-10, 0], weeks: 16, lead: 22, applies: [[SLA_DORM, "accepted"]], end: ["housed", 5] },
  { muni: "330", company: "Korsør Lystbådehavn", town: "Korsør",
    moveIn: [-10, 14], weeks: 12, lead: 21, applies: [[SLA_FLAT, "accepted"]], end: ["housed", 1] },
  { muni: "330", company: "Slagelse Kommune – Kultur",
    moveIn: [-8, 0], weeks: 12, lead: 30, applies: [[SOR_DORM, "accepted"]], end: ["housed", 20] },
  { muni: "330", company: "Vestsjællands Entreprise",
    moveIn: [-7, 0], weeks: 20, lead: 45, applies: [[SLA_FLAT, "pending"], [SLA_DORM, "accepted"]], end: ["housed", 45] },
  { muni: "330", company: "Slagelse Musikhus",
    moveIn: [-5, 0], weeks: 10, lead: 20, applies: [], end: ["expired"] },
  { muni: "330", company: "Slagelse Kommune – Jobcenter",
    moveIn: [-4, 0], weeks: 8, lead: 30, applies: [[SLA_FLAT, "accepted"]], end: ["housed", 10] },
  { muni: "330", company: "Slagelse Vandværk",
    moveIn: [-2, 0], weeks: 14, lead: 35, applies: [[SLA_DORM, "accepted"]], end: ["housed", 13] },
  { muni: "330", company: "Slagelse Bibliotekerne",
    moveIn: [-1, 0], weeks: 6, lead: 15, applies: [[SLA_DORM, "pending"]], end: ["cancelled", 6] },
  // Lolland (360)
  { muni: "360", company: "Lolland Kommune – Sundhed og Ældre",
    moveIn: [-10, 0], weeks: 12, lead: 20, applies: [[MAR_FLAT, "accepted"]], end: ["housed", 9] },
  { muni: "360", company: "Nakskov Havn", town: "Nakskov",
    moveIn: [-9, 0], weeks: 16, lead: 30, applies: [[MAR_HOST, "declined"], [MAR_FLAT, "accepted"]], end: ["housed", 22] },
  { muni: "360", company: "Rødby Havn Logistik", town: "Rødby",
    moveIn: [-7, 0], weeks: 10, lead: 20, applies: [[MAR_HOST, "accepted"]], end: ["housed", 6] },
  { muni: "360", company: "Lolland Forsyning",
    moveIn: [-6, 0], weeks: 12, lead: 30, applies: [[NYK_DORM, "accepted"]], end: ["housed", 15] },
  { muni: "360", company: "Maribo Gymnasium",
    moveIn: [-5, 0], weeks: 8, lead: 21, applies: [[MAR_FLAT, "pending"]], end: ["cancelled", 9] },
  { muni: "360", company: "Lolland Kommune – Natur og Miljø",
    moveIn: [-3, 14], weeks: 20, lead: 40, applies: [[MAR_FLAT, "accepted"]], end: ["housed", 3] },
  { muni: "360", company: "Lolland Energi",
    moveIn: [-2, 0], weeks: 10, lead: 12, applies: [[MAR_FLAT, "lapsed"]], end: ["expired"] },
  { muni: "360", company: "Lolland Kommune – Jobcenter",
    moveIn: [1, 0], weeks: 6, lead: 42, applies: [[MAR_FLAT, "accepted"]], end: ["housed", 5] },
  // Guldborgsund (376)
  { muni: "376", company: "Guldborgsund Kommune – Klima og Miljø",
    moveIn: [-10, 14], weeks: 12, lead: 30, applies: [[NYK_DORM, "accepted"]], end: ["housed", 7] },
  { muni: "376", company: "Nysted Plejecenter", town: "Nysted",
    moveIn: [-9, 0], weeks: 14, lead: 25, applies: [[NYK_FLAT, "accepted"]], end: ["housed", 2] },
  { muni: "376", company: "Sakskøbing Maskinfabrik", town: "Sakskøbing",
    moveIn: [-7, 14], weeks: 12, lead: 35, applies: [[MAR_FLAT, "accepted"]], end: ["housed", 26] },
  { muni: "376", company: "Guldborgsund Kommune – Skoler",
    moveIn: [-6, 0], weeks: 10, lead: 14, applies: [[NYK_DORM, "accepted"]], end: ["housed", 0] },
  { muni: "376", company: "Falster Cykler",
    moveIn: [-5, 0], weeks: 8, lead: 30, applies: [[NYK_FLAT, "pending"]], end: ["expired"] },
  { muni: "376", company: "Guldborgsund Havn",
    moveIn: [-4, 0], weeks: 6, lead: 25, applies: [], end: ["cancelled", 2] },
  { muni: "376", company: "Nykøbing F. Sygehus – Ortopædkirurgi",
    moveIn: [-2, 0], weeks: 16, lead: 30, applies: [[NYK_DORM, "accepted"]], end: ["housed", 19] },
  { muni: "376", company: "Guldborgsund Kommune – Jobcenter",
    moveIn: [-1, 0], weeks: 12, lead: 20, applies: [[NYK_DORM, "accepted"]], end: ["housed", 4] },
];

/** A season listing as the past students' requests and applications need it. */
interface SeasonListing extends ApprovedListing {
  rent: number;
  kind: ListingKind;
}

/** One thing a past student or the owner of a room did, at an instant of the past. */
interface PastStep {
  at: string;
  run: (services: Services) => Promise<unknown>;
}

/** What a past student says with every application. */
const pastHello = (spec: PastStudent) =>
  `Hej! Jeg skal i praktik hos ${spec.company} i ${spec.weeks} uger og søger et sted at bo i den periode.`;

/**
 * The past student's request and applications as steps in time: the request
 * at nine in the morning, its applications half an hour later. An owner
 * declines, or offers in the afternoon; the student accepts the next morning
 * (the same afternoon when the wait was no days at all), well within the
 * hold, or never answers and the hold lapses.
 */
function pastStudentSteps(
  spec: PastStudent,
  n: number,
  listings: Map<string, SeasonListing>,
  today: string,
): PastStep[] {
  const student: Principal = { sub: `demo-past-${n}`, role: "student" };
  const moveIn = addDays(monthStart(today, spec.moveIn[0]), spec.moveIn[1]);
  const moveOut = addDays(moveIn, spec.weeks * 7);
  const asked = addDays(moveIn, -spec.lead);
  const targets = spec.applies.map(([title, outcome]) => {
    const listing = listings.get(title);
    if (!listing) throw new Error(`Past student ${n} applies to "${title}", no season listing`);
    if (listing.availableFrom > moveIn || listing.availableTo < moveOut) {
      throw new Error(`Past student ${n}'s stay ${moveIn}..${moveOut} is outside "${title}"`);
    }
    return { ...listing, outcome, applicationId: "" };
  });
  const [end, days = 0] = spec.end;
  if ((end === "housed") !== targets.some((target) => target.outcome === "accepted")) {
    throw new Error(`Past student ${n} is housed exactly when an application is accepted`);
  }
  let requestId = "";
  const steps: PastStep[] = [];
  const on = (day: number, time: string, run: PastStep["run"]) => {
    const date = addDays(asked, day);
    if (date >= today) throw new Error(`Past student ${n} would act on ${date}, not in the past`);
    steps.push({ at: `${date}T${time}:00Z`, run });
  };
  const staffOf = (target: (typeof targets)[number]) => userWithSub(`demo-staff-${target.owner}`);
  const place = spec.town ? towns[spec.town] : undefined;

  on(0, "09:00", async (services) => {
    const rents = targets.map((target) => target.rent);
    const request = await services.requests.create(
      student,
      newRequestSchema.parse({
        internship: {
          company: spec.company,
          municipalityCode: spec.muni,
          ...(place ? { location: { lat: place[0], lon: place[1] } } : {}),
          startDate: moveIn,
          endDate: addDays(moveOut, -1),
        },
        moveIn,
        moveOut,
        maxRent: Math.ceil(Math.max(3000, ...rents) / 500) * 500,
        preferredKinds: [...new Set(targets.map((target) => target.kind))],
        maxDistanceKm: 40,
      }),
    );
    requestId = request.id;
  });
  targets.forEach((target, index) => {
    on(0, `09:${30 + index * 10}`, async (services) => {
      const message = pastHello(spec);
      target.applicationId = (await services.stays.apply(student, requestId, { listingId: target.id, message })).id;
    });
    if (target.outcome === "declined") {
      on(Math.floor(days / 2), "11:00", (services) => services.stays.decline(staffOf(target), target.applicationId));
    } else if (target.outcome === "lapsed") {
      on(1, "13:00", (services) => services.stays.offer(staffOf(target), target.applicationId, OFFER_HOURS));
    } else if (target.outcome === "accepted") {
      on(Math.max(0, days - 1), "13:00", (services) =>
        services.stays.offer(staffOf(target), target.applicationId, OFFER_HOURS),
      );
      on(days, days === 0 ? "16:00" : "10:00", (services) => services.stays.accept(student, target.applicationId));
    }
  });
  if (end === "cancelled") {
    on(days, "15:00", (services) => services.stays.cancelRequest(student, requestId, undefined));
  }
  return steps;
}

/**
 * Seeds the past season: its listings, listed a year ago and approved a few
 * days later, then every student's steps in the order they happened, each
 * by services whose clock is set to its moment; last a search of today
 * moves the listings whose window has passed to `expired`. Answers how many
 * requests the season holds and how many of them were housed.
 */
async function seedPastSeason(services: Services, servicesAt: ServicesAt, today: string) {
  const at = (instant: string) => servicesAt({ now: () => new Date(instant) });
  const listed = new Map<string, SeasonListing>();
  for (const [index, spec] of seasonListings.entries()) {
    const day = addDays(monthStart(today, -12), 1 + (index % 4));
    const approvedOn = addDays(day, 2 + (index % 3));
    const id = await seedListing(at(`${day}T09:00:00Z`).listings, spec, today, at(`${approvedOn}T10:00:00Z`).listings);
    const { availableFrom, availableTo } = contentOf(spec, today);
    listed.set(spec.title, { id, owner: spec.owner, availableFrom, availableTo, rent: spec.rent, kind: spec.kind });
  }
  const steps = pastStudents.flatMap((spec, index) => pastStudentSteps(spec, index + 1, listed, today));
  // A stable sort: steps at the same instant keep the table's order.
  steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const step of steps) await step.run(at(step.at));
  const municipalities = [...new Set(seasonListings.map((spec) => spec.muni))];
  await services.listings.search(userWithSub("demo-admin"), { municipalities }, { limit: 100 });
  const housed = pastStudents.filter((spec) => spec.end[0] === "housed").length;
  return { requests: pastStudents.length, housed };
}

/** Writes the demo data unless it is there already. */
export async function seedDemoData(services: Services, servicesAt: ServicesAt, now: Date): Promise<SeedOutcome> {
  if (await services.organizations.find(demoOrganizations[0]?.id ?? "")) return { seeded: false };
  const today = todayIn({ now: () => now });
  // There before the past season's first listing.
  const at = `${monthStart(today, -12)}T08:00:00.000Z`;
  for (const { id, ...input } of demoOrganizations) {
    await services.organizations.restore({ id, ...input, version: 1, createdAt: at, updatedAt: at });
  }
  const approved = new Map<string, ApprovedListing>();
  // One at a time: pending listings then queue in table order.
  for (const spec of demoListings) {
    if (spec.to === "expired") {
      await seedExpiredListing(services, servicesAt, spec, today);
      continue;
    }
    const id = await seedListing(services.listings, spec, today);
    const { availableFrom, availableTo } = contentOf(spec, today);
    if (spec.to === "approved") approved.set(spec.title, { id, owner: spec.owner, availableFrom, availableTo });
  }
  for (const spec of demoStudents) await seedStudent(services, spec, approved, today);
  const season = await seedPastSeason(services, servicesAt, today);
  const bookings = demoStudents.flatMap((spec) => spec.applies).filter(([, outcome]) => outcome === "accepted");
  return {
    seeded: true,
    listings: demoListings.length + seasonListings.length,
    students: demoStudents.length,
    bookings: bookings.length,
    season,
  };
}
