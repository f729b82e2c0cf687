/**
 * The words of "Mine data": the profile, what is stored and for how long,
 * the export, and the erasure with its confirmation. Plain Danish: what
 * happens, in the order it happens, with nothing left out.
 */

/** One kind of data a student has with us: what it is and what it holds (how long it is kept is worded apart). */
interface StoredKind {
  what: string;
  holds: string;
}

const da = {
  myData: {
    title: "Mine data",
    lead: "Her kan du se og rette de oplysninger, vi har om dig, hente alt, hvad vi har gemt, som én fil, og slette dine data.",
    leadStaff: "Her kan du se og rette de oplysninger, vi har om dig, og hente dem som én fil.",
    saved: "Dine oplysninger er gemt.",
    profileTitle: "Dine oplysninger",
    role: "Rolle",
    organization: "Organisation",
    since: "Første gang logget ind",
    name: "Navn",
    email: "E-mail",
    emailHint: "Fx navn@example.dk",
    emailFormat: "Skriv en e-mailadresse, fx navn@example.dk",
    usedFor:
      "Navn og e-mail er frivillige. Vi bruger dem kun til at vise, hvem kontoen tilhører, og viser dem ikke for udlejere eller andre brugere. Tøm et felt for at slette det.",
    usedForStaff:
      "Navn og e-mail er frivillige. Vi bruger dem til at vise, hvem kontoen tilhører: Praktikboligs administratorer ser dem i listen over din organisations medarbejdere. Tøm et felt for at slette det.",
    save: "Gem oplysninger",
    changedElsewhere: "Dine oplysninger er ændret et andet sted i mellemtiden",
    changedElsewhereText: "Her er de, som de er gemt nu. Ret dem igen, og gem.",
    storedTitle: "Det gemmer vi om dig, og hvor længe",
    storedCaption: "Det gemmer vi om dig",
    head: { what: "Hvad", holds: "Indhold", kept: "Hvor længe" },
    afterStay: (months: number) => `${months} måneder efter, at opholdet slutter`,
    stayEnds:
      "Et ophold slutter på fraflytningsdagen eller den dag, det blev afbrudt. Sletter du dine data før, gemmes det, der er tilbage, uden noget, der kan føre tilbage til dig.",
    stored: {
      requests: {
        what: "Boligønsker",
        holds: "Praktiksted, kommune, datoer for praktik og ophold, højeste husleje, behov og din note",
      },
      applications: {
        what: "Ansøgninger",
        holds: "Hvilken bolig, datoerne og din besked til udlejer",
      },
      bookings: {
        what: "Aftaler",
        holds: "Bolig, indflytning og fraflytning, og hvorfor en aftale blev annulleret",
      },
      history: {
        what: "Historik",
        holds:
          "Hvad der skete med dine boligønsker, ansøgninger og aftaler, hvornår, og hvem der gjorde det (med et id, ikke et navn)",
      },
    } satisfies Record<string, StoredKind>,
    account: {
      what: "Din konto",
      holds: "Dit navn og din e-mail, hvis du har skrevet dem, og hvornår du loggede ind første gang",
      kept: "Til du tømmer felterne, eller til du sletter dine data",
    } satisfies StoredKind & { kept: string },
    sessions: {
      what: "Log ind",
      holds: "At du er logget ind (en cookie i din browser), og hvornår det begyndte",
    } satisfies StoredKind,
    sessionHours: (hours: number) => `${hours} timer, eller til du logger ud`,
    answers: {
      what: "Gemte svar",
      holds: "Svaret på en handling, så den ikke sker to gange, hvis en app sender den igen",
      kept: "24 timer",
    } satisfies StoredKind & { kept: string },
    noCpr: "Vi beder aldrig om dit CPR-nummer og gemmer det ikke.",
    staffStored: (hours: number) =>
      `Om dig som medarbejder gemmer vi kun din konto: navn og e-mail, hvis du har skrevet dem, og hvornår du loggede ind første gang. Kontoen gemmes, også hvis den bliver deaktiveret; tøm felterne, hvis navn og e-mail ikke skal stå der. At du er logget ind, gemmes i ${hours} timer, eller til du logger ud. Boliger og svar på ansøgninger er din organisations data.`,
    exportTitle: "Hent dine data",
    exportText:
      "Du får alt, hvad vi har gemt om dig, som én fil i formatet JSON. Du kan gemme den eller tage den med til en anden tjeneste.",
    exportButton: "Hent mine data",
    eraseTitle: "Slet dine data",
    eraseText:
      "Du kan slette dine data og lukke din konto. Før du bekræfter, kan du se præcis, hvad der sker med dine boligønsker, ansøgninger og aftaler.",
    eraseLink: "Slet mine data",
    closeTitle: "Luk din konto",
    staffAccount:
      "Medarbejderes konti administreres af Praktikboligs administratorer. Kontakt en administrator, hvis din konto skal lukkes.",
    adminAccount: "Administratorers konti oprettes og lukkes i Praktikboligs login-tjeneste.",
  },
  erase: {
    title: "Slet mine data",
    lead: "Læs, hvad der sker, før du sletter. Det kan ikke fortrydes.",
    nowTitle: "Det har du i dag",
    openRequests: "Åbne boligønsker",
    activeApplications: "Ansøgninger og tilbud, der venter",
    futureBookings: "Aftaler, du ikke er flyttet ind i endnu",
    currentStays: "Ophold, der er i gang",
    happensTitle: "Det sker, når du sletter",
    happens: [
      "Dine åbne boligønsker annulleres.",
      "Dine ansøgninger og tilbud trækkes tilbage, og de senge, der var reserveret til dig, bliver ledige.",
      "En aftale om en bolig, du endnu ikke er flyttet ind i, annulleres, og sengen bliver ledig til andre.",
      "Bor du i en bolig nu, består aftalen, så du kan blive boende til fraflytningsdagen, men den er ikke længere knyttet til dig.",
      "Dine boligønsker, ansøgninger og aftaler gemmes kun uden noget, der kan føre tilbage til dig: uden navn, praktiksted, note og beskeder. Kommunernes statistik tæller dem stadig.",
      "Dit navn og din e-mail slettes, din konto lukkes, og du bliver logget ud.",
    ],
    cannotUndo: "Det kan ikke fortrydes. Vil du have en kopi af dine data, så hent dem først.",
    exportFirst: "Hent mine data",
    confirmLegend: "Bekræft, at du vil slette dine data",
    confirm: "Jeg forstår, at det ikke kan fortrydes",
    confirmRequired: "Sæt flueben, hvis du vil slette dine data",
    submit: "Slet mine data",
    cancel: "Fortryd, og gå tilbage til Mine data",
  },
  erased: {
    title: "Dine data er slettet",
    lead: "Din konto er lukket, og du er logget ud.",
    text: "Det, der stadig var åbent, er lukket, og et ophold, der er i gang, består. Det, der er tilbage, gemmes uden noget, der kan føre tilbage til dig.",
    goHome: "Gå til forsiden",
  },
};

export type PrivacyMessages = typeof da;

const en: PrivacyMessages = {
  myData: {
    title: "My data",
    lead: "See and correct what we have about you, download everything we have stored as one file, and erase your data.",
    leadStaff: "See and correct what we have about you, and download it as one file.",
    saved: "Your details are saved.",
    profileTitle: "Your details",
    role: "Role",
    organization: "Organisation",
    since: "First signed in",
    name: "Name",
    email: "E-mail",
    emailHint: "E.g. name@example.dk",
    emailFormat: "Enter an e-mail address, e.g. name@example.dk",
    usedFor:
      "Name and e-mail are optional. We use them only to show whose account it is, and do not show them to landlords or other users. Empty a field to delete it.",
    usedForStaff:
      "Name and e-mail are optional. We use them to show whose account it is: Praktikbolig's administrators see them in the list of your organisation's staff. Empty a field to delete it.",
    save: "Save details",
    changedElsewhere: "Your details were changed somewhere else in the meantime",
    changedElsewhereText: "Here they are as they are saved now. Correct them again, and save.",
    storedTitle: "What we store about you, and for how long",
    storedCaption: "What we store about you",
    head: { what: "What", holds: "Contents", kept: "For how long" },
    afterStay: (months) => `${months} months after the stay ends`,
    stayEnds:
      "A stay ends on the move-out day, or on the day it was cut short. If you erase your data before then, what is left is kept without anything that leads back to you.",
    stored: {
      requests: {
        what: "Housing requests",
        holds: "Host company, municipality, dates of the internship and the stay, highest rent, needs and your note",
      },
      applications: {
        what: "Applications",
        holds: "Which listing, the dates and your message to the landlord",
      },
      bookings: {
        what: "Bookings",
        holds: "Listing, move-in and move-out, and why a booking was cancelled",
      },
      history: {
        what: "History",
        holds:
          "What happened to your housing requests, applications and bookings, when, and who did it (by an id, not a name)",
      },
    },
    account: {
      what: "Your account",
      holds: "Your name and e-mail, if you entered them, and when you first signed in",
      kept: "Until you empty the fields, or until you erase your data",
    },
    sessions: {
      what: "Sign-in",
      holds: "That you are signed in (a cookie in your browser), and when it began",
    },
    sessionHours: (hours) => `${hours} hours, or until you sign out`,
    answers: {
      what: "Remembered answers",
      holds: "The answer to an action, so that it does not happen twice if an app sends it again",
      kept: "24 hours",
    },
    noCpr: "We never ask for your CPR number, and we do not store it.",
    staffStored: (hours) =>
      `About you as staff we store only your account: name and e-mail, if you entered them, and when you first signed in. The account is kept, also if it is deactivated; empty the fields if your name and e-mail should not be on it. That you are signed in is kept for ${hours} hours, or until you sign out. Listings and answers to applications are your organisation's data.`,
    exportTitle: "Download your data",
    exportText:
      "You get everything we have stored about you as one file in the JSON format. You can keep it, or take it to another service.",
    exportButton: "Download my data",
    eraseTitle: "Erase your data",
    eraseText:
      "You can erase your data and close your account. Before you confirm, you see exactly what happens to your housing requests, applications and bookings.",
    eraseLink: "Erase my data",
    closeTitle: "Close your account",
    staffAccount:
      "Staff accounts are managed by Praktikbolig's administrators. Contact an administrator if your account should be closed.",
    adminAccount: "Administrators' accounts are created and closed in Praktikbolig's sign-in service.",
  },
  erase: {
    title: "Erase my data",
    lead: "Read what happens before you erase. It cannot be undone.",
    nowTitle: "What you have today",
    openRequests: "Open housing requests",
    activeApplications: "Applications and offers waiting",
    futureBookings: "Bookings you have not moved in to yet",
    currentStays: "Stays under way",
    happensTitle: "What happens when you erase",
    happens: [
      "Your open housing requests are cancelled.",
      "Your applications and offers are withdrawn, and the beds held for you are free again.",
      "A booking of a listing you have not moved in to yet is cancelled, and the bed is free for others.",
      "If you live in a listing now, the booking stays, so you can stay until the move-out day, but it is no longer linked to you.",
      "Your housing requests, applications and bookings are kept only without anything that leads back to you: no name, host company, note or messages. The municipalities' statistics still count them.",
      "Your name and e-mail are deleted, your account is closed, and you are signed out.",
    ],
    cannotUndo: "This cannot be undone. If you want a copy of your data, download it first.",
    exportFirst: "Download my data",
    confirmLegend: "Confirm that you want to erase your data",
    confirm: "I understand that this cannot be undone",
    confirmRequired: "Tick the box if you want to erase your data",
    submit: "Erase my data",
    cancel: "Cancel, and go back to My data",
  },
  erased: {
    title: "Your data is erased",
    lead: "Your account is closed, and you are signed out.",
    text: "What was still open is closed, and a stay under way stays booked. What is left is kept without anything that leads back to you.",
    goHome: "Go to the start page",
  },
};

export const privacy = { da, en };
