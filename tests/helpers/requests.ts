/** Housing request fixtures. */
import type { Harness } from "./harness";

export function requestBody(overrides: Record<string, unknown> = {}) {
  return {
    internship: {
      company: "Novo Nordisk Kalundborg",
      municipalityCode: "326",
      location: { lat: 55.67, lon: 11.1 },
      startDate: "2027-03-01",
      endDate: "2027-05-31",
    },
    moveIn: "2027-03-01",
    moveOut: "2027-06-01",
    maxRent: 4000,
    needs: { furnished: true, accessible: false, pets: false },
    preferredKinds: ["room"],
    maxDistanceKm: 40,
    note: "Non-smoker, quiet",
    ...overrides,
  };
}

export async function createRequest(h: Harness, token: string, overrides: Record<string, unknown> = {}) {
  const response = await h.call("POST", "/housing-requests", { token, body: requestBody(overrides) });
  if (response.status !== 201) throw new Error(`request not created (${response.status}): ${response.text}`);
  return response.json as { id: string; version: number; status: string } & Record<string, unknown>;
}
