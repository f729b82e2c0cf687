/** The words of the admin pages: the organisations. */
import type { OrganizationKind } from "#domain/organizations/model";

const da = {
  organizations: {
    title: "Organisationer",
    lead: "Uddannelsesinstitutioner og erhvervsråd, der bruger Praktikbolig.",
    caption: "Organisationer",
    head: { name: "Navn", kind: "Type", municipalities: "Kommuner" },
    kinds: {
      institution: "uddannelsesinstitution",
      council: "erhvervsråd",
    } satisfies Record<OrganizationKind, string>,
    noMunicipalities: "ingen",
    empty: "Der er ingen organisationer endnu.",
    created: "Organisationen er oprettet.",
    createTitle: "Opret en organisation",
    kindLabel: "Type",
    nameLabel: "Navn",
    nameHint: "Fx Kalundborg Erhvervsråd",
    municipalitiesLabel: "Kommuner",
    municipalitiesHint:
      "Et erhvervsråd godkender boliger i de kommuner, det dækker, og skal dække mindst én. For en uddannelsesinstitution er kommunerne valgfrie.",
    councilNeedsMunicipality: "Vælg mindst én kommune for et erhvervsråd",
    kindRequired: "Vælg om organisationen er en uddannelsesinstitution eller et erhvervsråd",
    nameRequired: "Skriv organisationens navn",
    submit: "Opret organisationen",
  },
};

export type AdminMessages = typeof da;

const en: AdminMessages = {
  organizations: {
    title: "Organisations",
    lead: "Education institutions and business councils that use Praktikbolig.",
    caption: "Organisations",
    head: { name: "Name", kind: "Kind", municipalities: "Municipalities" },
    kinds: {
      institution: "education institution",
      council: "business council",
    },
    noMunicipalities: "none",
    empty: "There are no organisations yet.",
    created: "The organisation is created.",
    createTitle: "Create an organisation",
    kindLabel: "Kind",
    nameLabel: "Name",
    nameHint: "E.g. Kalundborg Erhvervsråd",
    municipalitiesLabel: "Municipalities",
    municipalitiesHint:
      "A business council approves listings in the municipalities it covers, and covers at least one. For an education institution the municipalities are optional.",
    councilNeedsMunicipality: "Choose at least one municipality for a business council",
    kindRequired: "Choose whether the organisation is an education institution or a business council",
    nameRequired: "Enter the organisation's name",
    submit: "Create the organisation",
  },
};

export const admin = { da, en };
