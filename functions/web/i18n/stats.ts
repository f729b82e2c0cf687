/** The words of the statistics page: the period form, the figures and their meaning, the charts and the CSV. */

const da = {
  title: "Statistik",
  lead: "Tal for boliger, boligønsker og belægning pr. kommune i den periode, du vælger.",
  form: {
    title: "Vælg periode",
    from: "Fra og med",
    to: "Til og med",
    dateHint: "Skriv datoen som år-måned-dag, fx 2026-01-01.",
    periodHint: "Perioden må højst være 3 år. Uden datoer viser vi de seneste 12 måneder til og med i dag.",
    municipality: "Kommune",
    allMunicipalities: "Alle kommuner",
    allOwnMunicipalities: "Alle jeres kommuner",
    submit: "Vis statistik",
  },
  period: (from: string, to: string) => `Periode: ${from} – ${to}`,
  counting:
    "Det, der skete i perioden, tælles på den dag, det skete, efter dansk tid. Boliger efter status, senge, ledige senge, husleje og åbne boligønsker er, som de er i dag.",
  csv: "Hent som CSV",
  csvHint:
    "Samme tal som på siden, én række pr. kommune. Filen er delt med semikolon og har decimalkomma, så den åbner direkte i Excel med danske indstillinger.",
  noMunicipalities: "Jeres erhvervsråd dækker ingen kommuner endnu.",
  figuresTitle: "Nøgletal",
  figureHead: "Nøgletal",
  noValue: "intet tal",
  none: "ingen",
  days: (shown: string) => (shown === "1" ? "1 dag" : `${shown} dage`),
  flow: (name: string, count: string) => `${name}: ${count}`,
  groups: {
    listings: {
      caption: "Boliger",
      note: "Boligopslag i kommunen efter deres status i dag.",
    },
    beds: {
      caption: "Senge og husleje",
      note: "Som i dag og fremad.",
    },
    requests: {
      caption: "Boligønsker",
      note: "Et boligønske tælles i den kommune, hvor praktikstedet ligger.",
    },
    distance: {
      caption: "Afstand fra bolig til praktiksted",
      note: "Andelen af de boligønsker, der fik bolig i perioden, hvor boligen ligger højst så langt fra praktikstedet i luftlinje.",
    },
    bedNights: {
      caption: "Belægning i perioden",
      note: "En sengenat er én seng én nat.",
    },
    flows: {
      caption: "Hvor de bor, og hvor de er i praktik",
      note: "De studerende, der fik bolig i perioden, efter kommune.",
    },
  },
  figures: {
    beds: { label: "Senge", hint: "Senge i godkendte boliger, hvis ledige periode ikke er slut." },
    free30: {
      label: "Ledige senge, næste 30 dage",
      hint: "Gennemsnit pr. nat: udbudte senge minus bookede. Tilbud, der venter på svar, er ikke trukket fra.",
    },
    free90: { label: "Ledige senge, næste 90 dage", hint: "Det samme over de næste 90 nætter." },
    medianRent: {
      label: "Husleje, median",
      hint: "Den midterste månedlige husleje blandt de godkendte boliger.",
    },
    opened: { label: "Oprettet", hint: "Boligønsker oprettet i perioden." },
    open: {
      label: "Åbne nu",
      hint: "Åbne boligønsker med indflytning i dag eller senere, uanset hvornår de blev oprettet.",
    },
    housed: { label: "Fik bolig", hint: "Boligønsker, der fik en bekræftet aftale i perioden." },
    expired: {
      label: "Udløbet",
      hint: "Boligønsker, hvis indflytningsdag i perioden gik, uden at de fik en aftale.",
    },
    cancelled: { label: "Annulleret", hint: "Boligønsker, som den studerende annullerede i perioden." },
    medianDays: {
      label: "Dage til bolig, median",
      hint: "Dage fra boligønsket blev oprettet, til aftalen blev bekræftet, for dem der fik bolig i perioden.",
    },
    p90Days: { label: "Dage til bolig, 90 %", hint: "9 ud af 10 af dem fik bolig inden for så mange dage." },
    within: (km: string) => `Højst ${km} km væk`,
    offered: {
      label: "Sengenætter udbudt",
      hint: "Senge i godkendte boliger, talt for hver nat i perioden, de blev udbudt.",
    },
    booked: { label: "Sengenætter booket", hint: "Sengenætter i perioden med en bekræftet aftale." },
    utilisation: { label: "Udnyttelse", hint: "Bookede sengenætter delt med udbudte." },
    livesIn: {
      label: "Praktikanter her bor i",
      hint: "Hvor de studerende med praktik i kommunen bor under opholdet.",
    },
    internsFrom: {
      label: "Beboere her er i praktik i",
      hint: "Hvor de studerende, der bor i kommunen, har deres praktik.",
    },
  },
  charts: {
    title: (municipality: string) => `Udvikling i ${municipality}`,
    totalTitle: (count: string) => `Udvikling i de ${count} kommuner samlet`,
    totalNote: "Graferne lægger kommunernes tal sammen. Vælg én kommune for at se dens egne grafer.",
    allChosen: "de valgte kommuner",
    showTable: "Vis tallene som tabel",
    legend: "Signaturforklaring",
    weeks: {
      title: "Ledige senge pr. nat de næste 13 uger",
      description: (from: string) =>
        `Søjlediagram over det gennemsnitlige antal ledige senge pr. nat i hver af de næste 13 uger fra ${from}. Tallene står også i en tabel under diagrammet.`,
      caption: (municipality: string) => `Ledige senge pr. uge i ${municipality}`,
      head: { week: "Uge fra", free: "Ledige senge pr. nat" },
      axis: "uge fra",
      empty: "Der er ingen ledige senge de næste 13 uger.",
    },
    months: {
      title: "Boligønsker pr. måned",
      description: (from: string, to: string) =>
        `Diagram med to vandrette søjler pr. måned fra ${from} til ${to}: boligønsker oprettet, og boligønsker der fik bolig. Tallene står også ved søjlerne og i en tabel under diagrammet.`,
      caption: (municipality: string) => `Boligønsker pr. måned i ${municipality}`,
      head: { month: "Måned", opened: "Oprettet", housed: "Fik bolig" },
      opened: "Oprettet (udfyldt)",
      housed: "Fik bolig (skraveret)",
      empty: "Der blev ikke oprettet boligønsker, og ingen fik bolig, i perioden.",
    },
    waits: {
      title: "Dage fra boligønske til bolig",
      description:
        "Søjlediagram over, hvor mange af de boligønsker, der fik bolig i perioden, der ventede 0–7, 8–14, 15–30, 31–60, 61–90 eller over 90 dage. Tallene står også i en tabel under diagrammet.",
      caption: (municipality: string) => `Dage fra boligønske til bolig i ${municipality}`,
      head: { band: "Dage til bolig", requests: "Boligønsker" },
      axis: "dage",
      band: (from: string, to: string) => `${from}–${to}`,
      over: (days: string) => `over ${days}`,
      bandDays: (band: string) => `${band} dage`,
      empty: "Ingen boligønsker fik bolig i perioden.",
    },
  },
};

export type StatsMessages = typeof da;

const en: StatsMessages = {
  title: "Statistics",
  lead: "Figures for listings, housing requests and occupancy by municipality, for the period you choose.",
  form: {
    title: "Choose a period",
    from: "First day",
    to: "Last day",
    dateHint: "Write the date as year-month-day, e.g. 2026-01-01.",
    periodHint: "At most 3 years. Without dates we show the last 12 months up to and including today.",
    municipality: "Municipality",
    allMunicipalities: "All municipalities",
    allOwnMunicipalities: "All your municipalities",
    submit: "Show statistics",
  },
  period: (from, to) => `Period: ${from} – ${to}`,
  counting:
    "What happened in the period is counted on the day it happened, in Danish time. Listings by state, beds, free beds, rent and open housing requests are as they are today.",
  csv: "Download as CSV",
  csvHint:
    "The same figures as on the page, one row per municipality. The file is separated by semicolons and has decimal commas, so it opens directly in Excel with Danish settings.",
  noMunicipalities: "Your business council covers no municipalities yet.",
  figuresTitle: "Key figures",
  figureHead: "Figure",
  noValue: "no figure",
  none: "none",
  days: (shown) => (shown === "1" ? "1 day" : `${shown} days`),
  flow: (name, count) => `${name}: ${count}`,
  groups: {
    listings: {
      caption: "Listings",
      note: "Listings in the municipality by their state today.",
    },
    beds: {
      caption: "Beds and rent",
      note: "As of today and ahead.",
    },
    requests: {
      caption: "Housing requests",
      note: "A housing request counts in the municipality of its host company.",
    },
    distance: {
      caption: "Distance from room to host company",
      note: "The share of the housing requests housed in the period whose room lies at most that far from the host company, as the crow flies.",
    },
    bedNights: {
      caption: "Occupancy in the period",
      note: "A bed-night is one bed for one night.",
    },
    flows: {
      caption: "Where they live, and where their internship is",
      note: "The students housed in the period, by municipality.",
    },
  },
  figures: {
    beds: { label: "Beds", hint: "Beds in approved listings whose availability has not ended." },
    free30: {
      label: "Free beds, next 30 days",
      hint: "Average per night: beds offered minus beds booked. Offers waiting for an answer are not subtracted.",
    },
    free90: { label: "Free beds, next 90 days", hint: "The same over the next 90 nights." },
    medianRent: { label: "Rent, median", hint: "The middle monthly rent of the approved listings." },
    opened: { label: "Opened", hint: "Housing requests opened in the period." },
    open: {
      label: "Open now",
      hint: "Open housing requests with move-in today or later, whenever they were opened.",
    },
    housed: { label: "Housed", hint: "Housing requests that got a confirmed booking in the period." },
    expired: {
      label: "Expired",
      hint: "Housing requests whose move-in day in the period passed without a booking.",
    },
    cancelled: { label: "Cancelled", hint: "Housing requests the student cancelled in the period." },
    medianDays: {
      label: "Days to housing, median",
      hint: "Days from opening the housing request to the confirmed booking, for those housed in the period.",
    },
    p90Days: { label: "Days to housing, 90%", hint: "9 in 10 of them were housed within this many days." },
    within: (km) => `At most ${km} km away`,
    offered: {
      label: "Bed-nights offered",
      hint: "Beds in approved listings, counted for each night in the period they were offered.",
    },
    booked: { label: "Bed-nights booked", hint: "Bed-nights in the period with a confirmed booking." },
    utilisation: { label: "Utilisation", hint: "Bed-nights booked divided by bed-nights offered." },
    livesIn: {
      label: "Interns here live in",
      hint: "Where the students with an internship in the municipality live during their stay.",
    },
    internsFrom: {
      label: "Residents here intern in",
      hint: "Where the students who live in the municipality have their internship.",
    },
  },
  charts: {
    title: (municipality) => `Trends in ${municipality}`,
    totalTitle: (count) => `Trends in the ${count} municipalities together`,
    totalNote: "The charts add up the municipalities' figures. Choose one municipality to see its own charts.",
    allChosen: "the chosen municipalities",
    showTable: "Show the figures as a table",
    legend: "Legend",
    weeks: {
      title: "Free beds per night over the next 13 weeks",
      description: (from) =>
        `Bar chart of the average number of free beds per night in each of the next 13 weeks from ${from}. The figures are also in a table below the chart.`,
      caption: (municipality) => `Free beds by week in ${municipality}`,
      head: { week: "Week from", free: "Free beds per night" },
      axis: "week from",
      empty: "There are no free beds over the next 13 weeks.",
    },
    months: {
      title: "Housing requests by month",
      description: (from, to) =>
        `Chart with two horizontal bars per month from ${from} to ${to}: housing requests opened, and housing requests housed. The figures are also by the bars and in a table below the chart.`,
      caption: (municipality) => `Housing requests by month in ${municipality}`,
      head: { month: "Month", opened: "Opened", housed: "Housed" },
      opened: "Opened (solid)",
      housed: "Housed (hatched)",
      empty: "No housing requests were opened or housed in the period.",
    },
    waits: {
      title: "Days from housing request to housing",
      description:
        "Bar chart of how many of the housing requests housed in the period waited 0–7, 8–14, 15–30, 31–60, 61–90 or over 90 days. The figures are also in a table below the chart.",
      caption: (municipality) => `Days from housing request to housing in ${municipality}`,
      head: { band: "Days to housing", requests: "Housing requests" },
      axis: "days",
      band: (from, to) => `${from}–${to}`,
      over: (days) => `over ${days}`,
      bandDays: (band) => `${band} days`,
      empty: "No housing requests were housed in the period.",
    },
  },
};

export const stats = { da, en };
