/** The words of the council pages: the review queue, the review of one listing, and demand. */

/** How long something has waited, in whole days, or hours on its first day. */
export interface Waited {
  days: number;
  hours: number;
}

const da = {
  queue: {
    title: "Boliger til godkendelse",
    lead: "Boliger i jeres kommuner, som venter på jeres godkendelse. Den ældste står først.",
    caption: "Boliger til godkendelse, ældste først",
    head: {
      title: "Bolig",
      municipality: "Kommune",
      owner: "Oprettet af",
      submitted: "Indsendt",
      waiting: "Ventetid",
    },
    empty: "Der er ingen boliger, som venter på godkendelse lige nu.",
    approved: "Boligen er godkendt. Den kan nu ses af de studerende.",
    rejected: "Boligen er afvist. Ejeren kan se jeres begrundelse.",
  },
  waiting: ({ days, hours }: Waited) =>
    days >= 1
      ? `venter i ${days === 1 ? "1 dag" : `${days} dage`}`
      : hours >= 1
        ? `venter i ${hours === 1 ? "1 time" : `${hours} timer`}`
        : "venter i under en time",
  review: {
    caption: "Bolig til godkendelse",
    detailsTitle: "Oplysninger om boligen",
    descriptionTitle: "Beskrivelse",
    facts: {
      status: "Status",
      kind: "Type",
      municipality: "Kommune",
      address: "Adresse",
      rent: "Husleje",
      deposit: "Depositum",
      utilities: "Forbrug inkluderet",
      size: "Størrelse",
      capacity: "Antal senge",
      available: "Ledig",
      features: "Egenskaber",
      languages: "Sprog i hjemmet",
      contact: "Kontakt",
      owner: "Oprettet af",
      submitted: "Indsendt til godkendelse",
      waiting: "Ventetid",
    },
    sqm: (sqm: string) => `${sqm} m²`,
    historyTitle: "Historik",
    historyCaption: "Boligens historik, ældste først",
    historyHead: { at: "Tidspunkt", action: "Handling", actor: "Udført af", reason: "Begrundelse" },
    actor: (id: string, role: string) => `${id} (${role})`,
    system: "systemet",
    actions: {
      create: "oprettet",
      edit: "ændret",
      submit: "sendt til godkendelse",
      approve: "godkendt",
      reject: "afvist",
      withdraw: "trukket tilbage",
      expire: "udløbet",
    } as Record<string, string>,
    decideTitle: "Din afgørelse",
    approveTitle: "Godkend",
    approveText: "Når du godkender boligen, kan studerende se den og søge den.",
    approve: "Godkend boligen",
    approveConfirm: "Vil du godkende boligen, så studerende kan se den?",
    rejectTitle: "Afvis",
    rejectText: "Skriv hvorfor boligen afvises. Ejeren ser begrundelsen og kan rette boligen og sende den igen.",
    reasonLabel: "Begrundelse for afvisning",
    reasonHint: "Mindst 3 tegn, fx hvad der mangler eller skal rettes.",
    reasonRequired: "Skriv hvorfor boligen afvises",
    reject: "Afvis boligen",
    notPending: (status: string) => `Boligen afventer ikke længere godkendelse. Den er ${status}.`,
    ownListingTitle: "Du har selv oprettet boligen",
    ownListing:
      "En bolig skal godkendes af en anden end den, der har oprettet den. Bed en kollega i jeres erhvervsråd om at godkende eller afvise den.",
    fourEyesTitle: "Du kan ikke godkende eller afvise din egen bolig",
    conflictTitle: "Afgørelsen blev ikke gemt",
    conflict: "Boligen er ændret eller afgjort i mellemtiden. Se oplysningerne igen nedenfor.",
    backToQueue: "Tilbage til boliger til godkendelse",
  },
  demand: {
    title: "Efterspørgsel",
    lead: "Åbne boligønsker fra studerende med praktik i jeres kommuner.",
    countsTitle: "Åbne boligønsker pr. kommune",
    countsCaption: "Antal åbne boligønsker pr. kommune",
    countsHead: { municipality: "Kommune", open: "Åbne boligønsker" },
    atLeast: (n: string) => `mindst ${n}`,
    lowerBound: (n: string) =>
      `Tal med "mindst" er en nedre grænse: vi tæller højst ${n} boligønsker pr. kommune på denne side.`,
    listTitle: "Åbne boligønsker",
    listCaption: "Åbne boligønsker i jeres kommuner",
    listHead: {
      company: "Praktiksted",
      municipality: "Kommune",
      internship: "Praktik",
      stay: "Indflytning – fraflytning",
    },
    empty: "Der er ingen åbne boligønsker i jeres kommuner lige nu.",
    noMunicipalities: "Jeres erhvervsråd dækker ingen kommuner endnu.",
  },
};

export type CouncilMessages = typeof da;

const en: CouncilMessages = {
  queue: {
    title: "Listings to review",
    lead: "Listings in your municipalities waiting for your approval. The oldest comes first.",
    caption: "Listings to review, oldest first",
    head: {
      title: "Listing",
      municipality: "Municipality",
      owner: "Listed by",
      submitted: "Submitted",
      waiting: "Waiting",
    },
    empty: "No listings are waiting for review right now.",
    approved: "The listing is approved. Students can now see it.",
    rejected: "The listing is rejected. The owner can see your reason.",
  },
  waiting: ({ days, hours }) =>
    days >= 1
      ? `waiting ${days === 1 ? "1 day" : `${days} days`}`
      : hours >= 1
        ? `waiting ${hours === 1 ? "1 hour" : `${hours} hours`}`
        : "waiting less than an hour",
  review: {
    caption: "Listing to review",
    detailsTitle: "About the listing",
    descriptionTitle: "Description",
    facts: {
      status: "Status",
      kind: "Kind",
      municipality: "Municipality",
      address: "Address",
      rent: "Rent",
      deposit: "Deposit",
      utilities: "Utilities included",
      size: "Size",
      capacity: "Beds",
      available: "Available",
      features: "Features",
      languages: "Languages at home",
      contact: "Contact",
      owner: "Listed by",
      submitted: "Submitted for review",
      waiting: "Waiting",
    },
    sqm: (sqm) => `${sqm} m²`,
    historyTitle: "History",
    historyCaption: "The listing's history, oldest first",
    historyHead: { at: "Time", action: "Action", actor: "By", reason: "Reason" },
    actor: (id, role) => `${id} (${role})`,
    system: "the system",
    actions: {
      create: "created",
      edit: "edited",
      submit: "submitted for review",
      approve: "approved",
      reject: "rejected",
      withdraw: "withdrawn",
      expire: "expired",
    },
    decideTitle: "Your decision",
    approveTitle: "Approve",
    approveText: "Once you approve the listing, students can see it and apply.",
    approve: "Approve the listing",
    approveConfirm: "Approve the listing, so that students can see it?",
    rejectTitle: "Reject",
    rejectText:
      "Say why the listing is rejected. The owner sees the reason and can correct the listing and send it again.",
    reasonLabel: "Reason for rejecting",
    reasonHint: "At least 3 characters, e.g. what is missing or must be corrected.",
    reasonRequired: "Say why the listing is rejected",
    reject: "Reject the listing",
    notPending: (status) => `The listing is no longer waiting for review. It is ${status}.`,
    ownListingTitle: "You created this listing yourself",
    ownListing:
      "A listing must be approved by someone other than the person who created it. Ask a colleague in your business council to approve or reject it.",
    fourEyesTitle: "You cannot approve or reject your own listing",
    conflictTitle: "The decision was not saved",
    conflict: "The listing was changed or decided in the meantime. Look at its details again below.",
    backToQueue: "Back to the listings to review",
  },
  demand: {
    title: "Demand",
    lead: "Open housing requests from students with an internship in your municipalities.",
    countsTitle: "Open housing requests by municipality",
    countsCaption: "Number of open housing requests by municipality",
    countsHead: { municipality: "Municipality", open: "Open housing requests" },
    atLeast: (n) => `at least ${n}`,
    lowerBound: (n) =>
      `Numbers with "at least" are a lower bound: this page counts at most ${n} housing requests per municipality.`,
    listTitle: "Open housing requests",
    listCaption: "Open housing requests in your municipalities",
    listHead: {
      company: "Host company",
      municipality: "Municipality",
      internship: "Internship",
      stay: "Move-in – move-out",
    },
    empty: "There are no open housing requests in your municipalities right now.",
    noMunicipalities: "Your business council covers no municipalities yet.",
  },
};

export const council = { da, en };
