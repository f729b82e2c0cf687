/** Listing fixtures and the walk from draft to approved, through the API. */
import type { Harness } from "./harness";

export function listingBody(overrides: Record<string, unknown> = {}) {
  return {
    title: "Room near the harbour",
    description: "A quiet furnished room in a family home, ten minutes by bike from the centre.",
    kind: "room",
    municipalityCode: "326",
    address: { street: "Havnegade 1", postalCode: "4400", city: "Kalundborg" },
    location: { lat: 55.68, lon: 11.09 },
    rentDkk: 3200,
    depositDkk: 3200,
    utilitiesIncluded: true,
    sizeSqm: 14,
    capacity: 1,
    availableFrom: "2027-02-01",
    availableTo: "2027-07-01",
    furnished: true,
    accessible: false,
    petsAllowed: false,
    smokingAllowed: false,
    internet: true,
    languages: ["da", "en"],
    contactNote: "Call Jens on 12 34 56 78 after 16:00",
    ...overrides,
  };
}

export interface Actors {
  /** Staff of the organisation that owns the listings. */
  owner: string;
  /** A council member who may approve listings in the listing's municipality. */
  reviewer: string;
}

export async function createListing(h: Harness, token: string, overrides: Record<string, unknown> = {}) {
  const response = await h.call("POST", "/listings", { token, body: listingBody(overrides) });
  if (response.status !== 201) throw new Error(`listing not created (${response.status}): ${response.text}`);
  return response.json as { id: string; version: number; status: string } & Record<string, unknown>;
}

export async function approvedListing(h: Harness, actors: Actors, overrides: Record<string, unknown> = {}) {
  const listing = await createListing(h, actors.owner, overrides);
  const submitted = await h.call("POST", `/listings/${listing.id}/submit`, { token: actors.owner });
  if (submitted.status !== 200) throw new Error(`not submitted: ${submitted.text}`);
  const approved = await h.call("POST", `/listings/${listing.id}/approve`, { token: actors.reviewer });
  if (approved.status !== 200) throw new Error(`not approved: ${approved.text}`);
  return approved.json as { id: string; version: number; status: string } & Record<string, unknown>;
}
