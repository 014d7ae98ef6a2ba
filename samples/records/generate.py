#!/usr/bin/env python3
"""Generate the sample provider record set for Daniel Okafor (Patient/B77421).

Writes, next to this script:
  okafor-bundle.json          FHIR R4 Bundle (type collection), absolute fullUrls
  okafor-ndjson/<Type>.ndjson the same resources, one compact resource per line,
                              split by type as a FHIR bulk export would be

The data is fictitious.  Run with any Python >= 3.9 (standard library only):

    python3 samples/records/generate.py

The script is deterministic: re-running it reproduces the committed files
byte for byte.  It also checks its own output (every reference resolves inside
the bundle, every NPI has a valid check digit, ids are unique) and prints the
per-type resource counts that samples/records/README.md quotes.
"""

import base64
import json
import re
import sys
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

BASE = "https://fhir.provider.example.org"
TZ = ZoneInfo("America/Chicago")
HERE = Path(__file__).resolve().parent

# --- code systems -----------------------------------------------------------
LOINC = "http://loinc.org"
SCT = "http://snomed.info/sct"
ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"
CPT = "http://www.ama-assn.org/go/cpt"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
CVX = "http://hl7.org/fhir/sid/cvx"
UCUM = "http://unitsofmeasure.org"
NPI_SYSTEM = "http://hl7.org/fhir/sid/us-npi"
PAYER_ID_SYSTEM = "https://www.x12.org/payer-id"
MRN_SYSTEM = "http://fhir.provider.example.org/mrn"
CLAIM_SYSTEM = "https://fhir.provider.example.org/claims"
V3_ACT = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V2_0203 = "http://terminology.hl7.org/CodeSystem/v2-0203"
V2_0074 = "http://terminology.hl7.org/CodeSystem/v2-0074"
OBS_CAT = "http://terminology.hl7.org/CodeSystem/observation-category"
COND_CAT = "http://terminology.hl7.org/CodeSystem/condition-category"
COND_CLIN = "http://terminology.hl7.org/CodeSystem/condition-clinical"
COND_VER = "http://terminology.hl7.org/CodeSystem/condition-ver-status"
DOC_CAT = "http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"

SELF_PAY = {"system": V3_ACT, "code": "HIPAASelfPay", "display": "HIPAA self-pay"}
ETH = {"system": V3_ACT, "code": "ETH", "display": "substance abuse information sensitivity"}

# --- parties ----------------------------------------------------------------
PATIENT_ID = "B77421"
PAYER_ORG = "org-lakeshore-mutual"
PCP_ORG = "org-maple-ridge-primary-care"
HOSPITAL_ORG = "org-maple-ridge-regional"
PCP = "prac-natarajan"
SLEEP_DOC = "prac-whitfield"
COVERAGE = "cov-okafor-lmh"

NPIS = {
    PAYER_ORG: "1347825907",
    PCP_ORG: "1884207162",
    HOSPITAL_ORG: "1456032980",
    PCP: "1722190539",
    SLEEP_DOC: "1295748069",
}


def npi_is_valid(npi):
    """Luhn check over "80840" + the 10-digit NPI (CMS NPI check-digit rule)."""
    if not re.fullmatch(r"\d{10}", npi):
        return False
    total = 0
    for i, ch in enumerate(reversed("80840" + npi)):
        d = int(ch)
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


# --- small builders ---------------------------------------------------------
def ts(local):
    """'2025-01-14 09:00' (Chicago wall clock) -> ISO 8601 with UTC offset."""
    return datetime.strptime(local, "%Y-%m-%d %H:%M").replace(tzinfo=TZ).isoformat()


def ref(rtype, rid, display=None):
    r = {"reference": f"{rtype}/{rid}"}
    if display:
        r["display"] = display
    return r


def coding(system, code, display=None):
    c = {"system": system, "code": code}
    if display:
        c["display"] = display
    return c


def cc(system, code, display, text=None):
    return {"coding": [coding(system, code, display)], "text": text or display}


def qty(value, unit, code=None):
    return {"value": value, "unit": unit, "system": UCUM, "code": code or unit}


def b64(text):
    return base64.b64encode(text.encode("utf-8")).decode("ascii")


PATIENT_REF = ref("Patient", PATIENT_ID, "Daniel Okafor")

resources = []


def add(resource, security=None):
    """Append a resource; a security label goes in meta.security, placed right after id."""
    if security:
        head = {"resourceType": resource.pop("resourceType"), "id": resource.pop("id"),
                "meta": {"security": [dict(security)]}}
        head.update(resource)
        resource.clear()
        resource.update(head)
    resources.append(resource)
    return resource


# --- administrative resources ----------------------------------------------
add({
    "resourceType": "Patient",
    "id": PATIENT_ID,
    "identifier": [{
        "use": "usual",
        "type": cc(V2_0203, "MR", "Medical record number", "MRN"),
        "system": MRN_SYSTEM,
        "value": PATIENT_ID,
    }],
    "active": True,
    "name": [{"use": "official", "family": "Okafor", "given": ["Daniel"]}],
    "telecom": [
        {"system": "phone", "value": "608-555-0147", "use": "mobile"},
        {"system": "email", "value": "d.okafor@example.com"},
    ],
    "gender": "male",
    "birthDate": "1962-03-09",
    "address": [{
        "use": "home",
        "line": ["2417 Wren Hollow Drive"],
        "city": "Madison",
        "state": "WI",
        "postalCode": "53704",
        "country": "US",
    }],
    "generalPractitioner": [ref("Practitioner", PCP, "Priya Natarajan, MD")],
    "managingOrganization": ref("Organization", PCP_ORG, "Maple Ridge Primary Care"),
})


def organization(oid, name, org_type, identifiers, line, phone):
    return {
        "resourceType": "Organization",
        "id": oid,
        "identifier": identifiers,
        "active": True,
        "type": [cc("http://terminology.hl7.org/CodeSystem/organization-type", *org_type)],
        "name": name,
        "telecom": [{"system": "phone", "value": phone, "use": "work"}],
        "address": [{"line": [line[0]], "city": line[1], "state": line[2],
                     "postalCode": line[3], "country": "US"}],
    }


add(organization(
    PAYER_ORG, "Lakeshore Mutual Health Plan", ("pay", "Payer"),
    [
        {"system": NPI_SYSTEM, "value": NPIS[PAYER_ORG]},
        {"type": cc(V2_0203, "NIIP", "National Insurance Payor Identifier (Payor)", "X12 payer ID"),
         "system": PAYER_ID_SYSTEM, "value": "LMH01"},
    ],
    ("PO Box 88120", "Milwaukee", "WI", "53288"), "800-555-0190"))
add(organization(
    PCP_ORG, "Maple Ridge Primary Care", ("prov", "Healthcare Provider"),
    [{"system": NPI_SYSTEM, "value": NPIS[PCP_ORG]}],
    ("1200 Maple Ridge Parkway, Suite 200", "Madison", "WI", "53704"), "608-555-0100"))
add(organization(
    HOSPITAL_ORG, "Maple Ridge Regional Medical Center", ("prov", "Healthcare Provider"),
    [{"system": NPI_SYSTEM, "value": NPIS[HOSPITAL_ORG]}],
    ("1300 Maple Ridge Parkway", "Madison", "WI", "53704"), "608-555-0111"))


def practitioner(pid, family, given, specialty_code, specialty):
    return {
        "resourceType": "Practitioner",
        "id": pid,
        "identifier": [{"system": NPI_SYSTEM, "value": NPIS[pid]}],
        "active": True,
        "name": [{"use": "official", "family": family, "given": [given], "suffix": ["MD"]}],
        "qualification": [{
            "code": cc("http://nucc.org/provider-taxonomy", specialty_code, specialty),
        }],
    }


add(practitioner(PCP, "Natarajan", "Priya", "207R00000X", "Internal Medicine"))
add(practitioner(SLEEP_DOC, "Whitfield", "Samuel", "207RS0012X", "Sleep Medicine (Internal Medicine)"))

add({
    "resourceType": "Coverage",
    "id": COVERAGE,
    "identifier": [{"system": "https://lakeshoremutual.example.com/member-id", "value": "LMH558203147"}],
    "status": "active",
    "type": cc("http://terminology.hl7.org/CodeSystem/v3-ActCode", "PPO",
               "preferred provider organization policy"),
    "subscriber": PATIENT_REF,
    "subscriberId": "LMH558203147",
    "beneficiary": PATIENT_REF,
    "relationship": cc("http://terminology.hl7.org/CodeSystem/subscriber-relationship", "self", "Self"),
    "period": {"start": "2024-01-01"},
    "payor": [ref("Organization", PAYER_ORG, "Lakeshore Mutual Health Plan")],
    "class": [
        {"type": cc("http://terminology.hl7.org/CodeSystem/coverage-class", "group", "Group"),
         "value": "GRP-20417", "name": "Badger Valley Builders Cooperative"},
        {"type": cc("http://terminology.hl7.org/CodeSystem/coverage-class", "plan", "Plan"),
         "value": "PPO-G1500", "name": "Lakeshore PPO Gold 1500"},
    ],
})

# --- encounters --------------------------------------------------------------
ENCOUNTERS = [
    # id, start, end, class, cpt, cpt display, reason text, practitioner, service provider, notes
    ("enc-2026-0101", "2025-01-14 09:00", "2025-01-14 09:40", "AMB", "99396",
     "Periodic preventive medicine visit, established patient, 40-64 years",
     "Annual physical", PCP, PCP_ORG),
    ("enc-2026-0102", "2025-02-25 10:20", "2025-02-25 10:45", "AMB", "99213",
     "Office visit, established patient, low complexity",
     "Dry cough for 3 weeks", PCP, PCP_ORG),
    ("enc-2026-0103", "2025-04-08 14:00", "2025-04-08 14:20", "VR", "99213",
     "Office visit, established patient, low complexity (telehealth, modifier 95)",
     "Blood pressure follow-up", PCP, PCP_ORG),
    ("enc-2026-0104", "2025-06-17 08:10", "2025-06-17 08:25", "AMB", "36415",
     "Collection of venous blood by venipuncture",
     "Diabetes monitoring labs", PCP, PCP_ORG),
    ("enc-2026-0105", "2025-08-05 07:30", "2025-08-05 10:15", "AMB", "45380",
     "Colonoscopy, flexible; with biopsy, single or multiple",
     "Screening colonoscopy", None, HOSPITAL_ORG),
    ("enc-2026-0106", "2025-10-21 11:00", "2025-10-21 11:30", "AMB", "99214",
     "Office visit, established patient, moderate complexity",
     "Diabetes follow-up; influenza vaccination", PCP, PCP_ORG),
    ("enc-2026-0107", "2025-12-09 19:42", "2025-12-09 23:55", "EMER", "99284",
     "Emergency department visit, moderate complexity",
     "Chest pain", None, HOSPITAL_ORG),
    ("enc-2026-0108", "2026-01-20 13:00", "2026-01-20 14:30", "AMB", "93351",
     "Transthoracic echocardiography with stress testing",
     "Stress echocardiogram after ED visit for chest pain", None, HOSPITAL_ORG),
    ("enc-2026-0109", "2026-06-23 09:00", "2026-06-23 09:50", "AMB", "99204",
     "Office visit, new patient, moderate complexity",
     "Snoring and daytime sleepiness", SLEEP_DOC, PCP_ORG),
    ("enc-2026-0110", "2026-08-18 10:00", "2026-08-18 10:40", "AMB", "99214",
     "Office visit, established patient, moderate complexity",
     "CPAP initiation for obstructive sleep apnea", SLEEP_DOC, PCP_ORG),
    ("enc-2026-0113", "2026-08-27 15:20", "2026-08-27 15:45", "AMB", "99213",
     "Office visit, established patient, low complexity",
     "Hypertension follow-up", PCP, PCP_ORG),
    ("enc-2026-0117", "2026-09-14 08:40", "2026-09-14 09:20", "AMB", "99214",
     "Office visit, established patient, moderate complexity",
     "Diabetes follow-up; intermittent palpitations", PCP, PCP_ORG),
]
SELF_PAY_ENCOUNTER = "enc-2026-0109"
CLASS_DISPLAY = {"AMB": "ambulatory", "EMER": "emergency", "VR": "virtual"}
OUTSIDE_CLINICIANS = {
    "enc-2026-0105": "Rafael Iturbe, MD (Gastroenterology)",
    "enc-2026-0107": "Grace Lindholm, MD (Emergency Medicine)",
    "enc-2026-0108": "Tomasz Wrobel, MD (Cardiology)",
}
PRACTITIONER_NAMES = {PCP: "Priya Natarajan, MD", SLEEP_DOC: "Samuel Whitfield, MD"}
ORG_NAMES = {PCP_ORG: "Maple Ridge Primary Care", HOSPITAL_ORG: "Maple Ridge Regional Medical Center"}
ENC = {}


def sec_for(enc_id):
    """Security label every resource tied to the self-pay encounter carries."""
    return SELF_PAY if enc_id == SELF_PAY_ENCOUNTER else None


for (eid, start, end, klass, cpt, cpt_display, reason, prac, org) in ENCOUNTERS:
    enc = {
        "resourceType": "Encounter",
        "id": eid,
        "identifier": [{"system": "https://fhir.provider.example.org/encounter-number",
                        "value": eid.upper().replace("ENC-", "V")}],
        "status": "finished",
        "class": coding(V3_ACT, klass, CLASS_DISPLAY[klass]),
        "type": [cc(CPT, cpt, cpt_display)],
        "subject": PATIENT_REF,
        "participant": [],
        "period": {"start": ts(start), "end": ts(end)},
        "reasonCode": [{"text": reason}],
        "serviceProvider": ref("Organization", org, ORG_NAMES[org]),
    }
    participant_type = [cc("http://terminology.hl7.org/CodeSystem/v3-ParticipationType",
                           "ATND", "attender")]
    if prac:
        enc["participant"].append({"type": participant_type,
                                   "individual": ref("Practitioner", prac, PRACTITIONER_NAMES[prac])})
    else:
        enc["participant"].append({"type": participant_type,
                                   "individual": {"display": OUTSIDE_CLINICIANS[eid]}})
    ENC[eid] = {"start": start, "prac": prac, "org": org, "resource": enc}
    add(enc, sec_for(eid))


def enc_ref(eid):
    return ref("Encounter", eid)


def enc_date(eid):
    return ENC[eid]["start"][:10]


# --- observations -------------------------------------------------------------
VITAL = cc(OBS_CAT, "vital-signs", "Vital Signs")
LAB = cc(OBS_CAT, "laboratory", "Laboratory")
SURVEY = cc(OBS_CAT, "survey", "Survey")
PROCEDURE_CAT = cc(OBS_CAT, "procedure", "Procedure")

VITAL_CODES = {
    "hr": (LOINC, "8867-4", "Heart rate", "/min", "/min"),
    "weight": (LOINC, "29463-7", "Body weight", "kg", "kg"),
    "height": (LOINC, "8302-2", "Body height", "cm", "cm"),
    "bmi": (LOINC, "39156-5", "Body mass index (BMI) [Ratio]", "kg/m2", "kg/m2"),
    "temp": (LOINC, "8310-5", "Body temperature", "Cel", "Cel"),
    "rr": (LOINC, "9279-1", "Respiratory rate", "/min", "/min"),
    "spo2": (LOINC, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry", "%", "%"),
}
LAB_CODES = {
    "glucose": ("2345-7", "Glucose [Mass/volume] in Serum or Plasma", "mg/dL", (70, 99)),
    "creatinine": ("2160-0", "Creatinine [Mass/volume] in Serum or Plasma", "mg/dL", (0.74, 1.35)),
    "egfr": ("98979-8", "Glomerular filtration rate/1.73 sq M.predicted [Volume Rate/Area] in "
             "Serum, Plasma or Blood by Creatinine-based formula (CKD-EPI 2021)",
             "mL/min/{1.73_m2}", (60, None)),
    "sodium": ("2951-2", "Sodium [Moles/volume] in Serum or Plasma", "mmol/L", (136, 145)),
    "potassium": ("2823-3", "Potassium [Moles/volume] in Serum or Plasma", "mmol/L", (3.5, 5.1)),
    "chol": ("2093-3", "Cholesterol [Mass/volume] in Serum or Plasma", "mg/dL", (None, 200)),
    "tg": ("2571-8", "Triglyceride [Mass/volume] in Serum or Plasma", "mg/dL", (None, 150)),
    "hdl": ("2085-9", "Cholesterol in HDL [Mass/volume] in Serum or Plasma", "mg/dL", (40, None)),
    "ldl": ("13457-7", "Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation",
            "mg/dL", (None, 100)),
    "a1c": ("4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood", "%", (None, 5.7)),
    "hgb": ("718-7", "Hemoglobin [Mass/volume] in Blood", "g/dL", (13.2, 16.6)),
    "wbc": ("6690-2", "Leukocytes [#/volume] in Blood by Automated count", "10*3/uL", (3.4, 9.6)),
    "plt": ("777-3", "Platelets [#/volume] in Blood by Automated count", "10*3/uL", (135, 317)),
    "trop": ("10839-9", "Troponin I.cardiac [Mass/volume] in Serum or Plasma", "ng/mL", (None, 0.04)),
}


def obs_id(eid, key, n=None):
    return f"obs-{eid[-4:]}-{key}" + (f"-{n}" if n else "")


def observation(oid, eid, category, code, when, value=None, components=None, security=None,
                interpretation=None, ref_range=None, comparator=None):
    o = {
        "resourceType": "Observation",
        "id": oid,
        "status": "final",
        "category": [category],
        "code": code,
        "subject": PATIENT_REF,
        "encounter": enc_ref(eid),
        "effectiveDateTime": ts(when),
    }
    if value is not None:
        o["valueQuantity"] = value
        if comparator:
            o["valueQuantity"] = {"comparator": comparator, **value}
    if interpretation:
        o["interpretation"] = [cc("http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation",
                                  *interpretation)]
    if ref_range:
        low, high = ref_range
        unit = value["unit"]
        rr = {}
        if low is not None:
            rr["low"] = qty(low, unit, value["code"])
        if high is not None:
            rr["high"] = qty(high, unit, value["code"])
        o["referenceRange"] = [rr]
    if components:
        o["component"] = components
    add(o, security or sec_for(eid))
    return o


def vitals(eid, when, bp=None, **values):
    out = []
    if bp:
        sys_, dia = bp
        out.append(observation(
            obs_id(eid, "bp"), eid, VITAL, cc(LOINC, "85354-9", "Blood pressure panel with all children optional"),
            when, components=[
                {"code": cc(LOINC, "8480-6", "Systolic blood pressure"), "valueQuantity": qty(sys_, "mm[Hg]")},
                {"code": cc(LOINC, "8462-4", "Diastolic blood pressure"), "valueQuantity": qty(dia, "mm[Hg]")},
            ]))
    for key, val in values.items():
        system, code, display, unit, ucum = VITAL_CODES[key]
        out.append(observation(obs_id(eid, key), eid, VITAL, cc(system, code, display), when,
                               value=qty(val, unit, ucum)))
    return out


def labs(eid, when, suffix=None, **values):
    out = []
    for key, val in values.items():
        comparator = None
        if isinstance(val, tuple):
            comparator, val = val
        code, display, unit, (low, high) = LAB_CODES[key]
        interp = None
        if (high is not None and val > high) or (low is not None and val < low):
            interp = ("H", "High") if (high is not None and val > high) else ("L", "Low")
        out.append(observation(obs_id(eid, key, suffix), eid, LAB, cc(LOINC, code, display), when,
                               value=qty(val, unit), interpretation=interp, ref_range=(low, high),
                               comparator=comparator))
    return out


def issued(when):
    """Results are released two hours after collection."""
    t = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=TZ) + timedelta(hours=2)
    return t.isoformat()


def diagnostic_report(rid, eid, category, code, when, results, conclusion=None,
                      presented_form=None, performer=None):
    r = {
        "resourceType": "DiagnosticReport",
        "id": rid,
        "status": "final",
        "category": [category],
        "code": code,
        "subject": PATIENT_REF,
        "encounter": enc_ref(eid),
        "effectiveDateTime": ts(when),
        "issued": issued(when),
        "performer": [performer or ref("Organization", HOSPITAL_ORG, "Maple Ridge Regional Medical Center")],
    }
    if results:
        r["result"] = [ref("Observation", o["id"]) for o in results]
    if conclusion:
        r["conclusion"] = conclusion
    if presented_form:
        r["presentedForm"] = [presented_form]
    add(r, sec_for(eid))
    return r


LAB_CAT = cc(V2_0074, "LAB", "Laboratory")


# enc-2026-0101: annual physical
vitals("enc-2026-0101", "2025-01-14 09:05", bp=(138, 86), hr=74, weight=97.5, height=178, bmi=30.8)
cmp1 = labs("enc-2026-0101", "2025-01-14 09:35", glucose=142, creatinine=1.02, egfr=82, sodium=139, potassium=4.4)
lip1 = labs("enc-2026-0101", "2025-01-14 09:35", chol=212, tg=188, hdl=41, ldl=133)
a1c1 = labs("enc-2026-0101", "2025-01-14 09:35", a1c=7.4)
diagnostic_report("dr-0101-cmp", "enc-2026-0101", LAB_CAT,
                  cc(LOINC, "24323-8", "Comprehensive metabolic 2000 panel - Serum or Plasma"),
                  "2025-01-14 09:35", cmp1)
diagnostic_report("dr-0101-lipid", "enc-2026-0101", LAB_CAT,
                  cc(LOINC, "57698-3", "Lipid panel with direct LDL - Serum or Plasma"),
                  "2025-01-14 09:35", lip1)
diagnostic_report("dr-0101-a1c", "enc-2026-0101", LAB_CAT,
                  cc(LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
                  "2025-01-14 09:35", a1c1)

# enc-2026-0102: cough on lisinopril
vitals("enc-2026-0102", "2025-02-25 10:22", bp=(134, 84), hr=78, weight=97.1, bmi=30.6, temp=36.8)

# enc-2026-0103: telehealth BP follow-up (patient-reported home readings)
vitals("enc-2026-0103", "2025-04-08 14:05", bp=(142, 88), hr=72)

# enc-2026-0104: lab-only visit
bmp4 = labs("enc-2026-0104", "2025-06-17 08:15", glucose=131, creatinine=1.08, egfr=77, sodium=140, potassium=4.6)
a1c4 = labs("enc-2026-0104", "2025-06-17 08:15", a1c=7.1)
diagnostic_report("dr-0104-bmp", "enc-2026-0104", LAB_CAT,
                  cc(LOINC, "24321-2", "Basic metabolic 2000 panel - Serum or Plasma"),
                  "2025-06-17 08:15", bmp4)
diagnostic_report("dr-0104-a1c", "enc-2026-0104", LAB_CAT,
                  cc(LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
                  "2025-06-17 08:15", a1c4)

# enc-2026-0105: screening colonoscopy with biopsy; pathology report carried inline
vitals("enc-2026-0105", "2025-08-05 07:45", bp=(128, 78), hr=66, spo2=97)
PATHOLOGY_TEXT = (
    "SURGICAL PATHOLOGY REPORT\n"
    "Patient: OKAFOR, DANIEL  MRN: B77421  DOB: 1962-03-09\n"
    "Collected: 2025-08-05  Accession: SP25-018844\n"
    "Specimen: Sigmoid colon polyp, cold snare (A)\n"
    "Diagnosis: A. Tubular adenoma, 6 mm. Negative for high-grade dysplasia and malignancy.\n"
    "Recommendation: surveillance colonoscopy in 7-10 years per USMSTF guidance.\n"
    "Electronically signed: Helen Marsh, MD (Pathology) 2025-08-07\n"
)
diagnostic_report(
    "dr-0105-pathology", "enc-2026-0105", cc(V2_0074, "SP", "Surgical Pathology"),
    cc(LOINC, "11526-1", "Pathology study"), "2025-08-05 08:40", [],
    conclusion="Sigmoid colon polyp: tubular adenoma, negative for high-grade dysplasia.",
    presented_form={"contentType": "text/plain", "language": "en-US", "data": b64(PATHOLOGY_TEXT),
                    "title": "Surgical pathology report SP25-018844", "creation": ts("2025-08-07 11:20")})

# enc-2026-0106: diabetes follow-up, point-of-care A1c, flu shot
vitals("enc-2026-0106", "2025-10-21 11:03", bp=(130, 80), hr=72, weight=96.0, bmi=30.3)
labs("enc-2026-0106", "2025-10-21 11:10", a1c=7.0)

# enc-2026-0107: ED visit for chest pain, serial troponins negative
vitals("enc-2026-0107", "2025-12-09 19:50", bp=(152, 94), hr=96, rr=18, temp=36.9, spo2=98)
trop = labs("enc-2026-0107", "2025-12-09 20:05", "1", trop=("<", 0.01))
trop += labs("enc-2026-0107", "2025-12-09 23:10", "2", trop=("<", 0.01))
cbc7 = labs("enc-2026-0107", "2025-12-09 20:05", hgb=14.6, wbc=7.2, plt=228)
diagnostic_report("dr-0107-troponin", "enc-2026-0107", LAB_CAT,
                  cc(LOINC, "10839-9", "Troponin I.cardiac [Mass/volume] in Serum or Plasma"),
                  "2025-12-09 20:05", trop, conclusion="Serial troponin I below 99th percentile at 0 and 3 hours.")
diagnostic_report("dr-0107-cbc", "enc-2026-0107", LAB_CAT,
                  cc(LOINC, "58410-2", "CBC panel - Blood by Automated count"),
                  "2025-12-09 20:05", cbc7)

# enc-2026-0108: stress echocardiogram
vitals("enc-2026-0108", "2026-01-20 13:05", bp=(136, 82), hr=70)
observation(obs_id("enc-2026-0108", "lvef"), "enc-2026-0108", cc(OBS_CAT, "imaging", "Imaging"),
            cc(LOINC, "10230-1", "Left ventricular Ejection fraction"), "2026-01-20 14:10",
            value=qty(60, "%"))

# enc-2026-0109: SELF-PAY sleep consult and home sleep apnea test (every resource labelled)
vitals("enc-2026-0109", "2026-06-23 09:04", bp=(140, 86), hr=76, weight=98.2, bmi=31.0)
ahi = observation(obs_id("enc-2026-0109", "ahi"), "enc-2026-0109", PROCEDURE_CAT,
                  cc(SCT, "774099003", "Apnea hypopnea index (observable entity)", "Apnea-hypopnea index (AHI)"),
                  "2026-06-24 06:05", value=qty(22.4, "events/h", "/h"),
                  interpretation=("H", "High"))
diagnostic_report(
    "dr-0109-hsat", "enc-2026-0109", cc(V2_0074, "PF", "Pulmonary Function"),
    {"text": "Home sleep apnea test (HSAT) report"}, "2026-06-24 06:05", [ahi],
    conclusion="Moderate obstructive sleep apnea (AHI 22.4/h, SpO2 nadir 81%).",
    performer=ref("Practitioner", SLEEP_DOC, "Samuel Whitfield, MD"))

# enc-2026-0110: CPAP initiation
vitals("enc-2026-0110", "2026-08-18 10:04", bp=(134, 82), hr=72, weight=97.0, bmi=30.6)

# enc-2026-0113: hypertension follow-up with an alcohol-use screen (ETH-labelled)
vitals("enc-2026-0113", "2026-08-27 15:24", bp=(128, 78), hr=70)
observation(obs_id("enc-2026-0113", "auditc"), "enc-2026-0113", SURVEY,
            cc(LOINC, "75626-2", "Total score [AUDIT-C]"), "2026-08-27 15:30",
            value={"value": 6, "unit": "{score}", "system": UCUM, "code": "{score}"},
            interpretation=("POS", "Positive"), security=ETH)

# enc-2026-0117: diabetes follow-up (the claim CLM-2026-0042 encounter)
vitals("enc-2026-0117", "2026-09-14 08:44", bp=(132, 80), hr=74, weight=96.4, bmi=30.4)
a1c17 = labs("enc-2026-0117", "2026-09-14 09:00", a1c=8.1)
diagnostic_report("dr-0117-a1c", "enc-2026-0117", LAB_CAT,
                  cc(LOINC, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood"),
                  "2026-09-14 09:00", a1c17,
                  performer=ref("Organization", PCP_ORG, "Maple Ridge Primary Care"))

# --- conditions ------------------------------------------------------------------


def condition(cid, category, icd, icd_display, sct=None, eid=None, onset=None, recorded=None,
              clinical="active", abatement=None, note=None):
    codings = [coding(ICD10CM, icd, icd_display)]
    if sct:
        codings.append(coding(SCT, sct[0], sct[1]))
    c = {
        "resourceType": "Condition",
        "id": cid,
        "clinicalStatus": cc(COND_CLIN, clinical, clinical.capitalize()),
        "verificationStatus": cc(COND_VER, "confirmed", "Confirmed"),
        "category": [cc(COND_CAT, category,
                        "Problem List Item" if category == "problem-list-item" else "Encounter Diagnosis")],
        "code": {"coding": codings, "text": icd_display},
        "subject": PATIENT_REF,
    }
    if eid:
        c["encounter"] = enc_ref(eid)
    if onset:
        c["onsetDateTime"] = onset
    if abatement:
        c["abatementDateTime"] = abatement
    c["recordedDate"] = recorded or (ts(ENC[eid]["start"]) if eid else onset)
    if eid and not ENC[eid]["prac"]:
        c["recorder"] = {"display": OUTSIDE_CLINICIANS[eid]}
    else:
        prac = ENC[eid]["prac"] if eid else PCP
        c["recorder"] = ref("Practitioner", prac, PRACTITIONER_NAMES[prac])
    if note:
        c["note"] = [{"text": note}]
    add(c, sec_for(eid))
    return c


# problem list: no encounter link
condition("cond-dm2", "problem-list-item", "E11.9", "Type 2 diabetes mellitus without complications",
          ("44054006", "Diabetes mellitus type 2"), onset="2019-04-16", recorded="2019-04-16")
condition("cond-htn", "problem-list-item", "I10", "Essential (primary) hypertension",
          ("59621000", "Essential hypertension"), onset="2016-09-02", recorded="2016-09-02")
condition("cond-hld", "problem-list-item", "E78.5", "Hyperlipidemia, unspecified",
          ("55822004", "Hyperlipidemia"), onset="2018-01-23", recorded="2018-01-23")
condition("cond-nephrolithiasis", "problem-list-item", "N20.0", "Calculus of kidney",
          ("95570007", "Kidney stone"), onset="2019-11-02", recorded="2019-11-04",
          clinical="resolved", abatement="2019-12-10", note="Passed spontaneously; no recurrence.")
# encounter diagnoses
condition("cond-0101-exam", "encounter-diagnosis", "Z00.01",
          "Encounter for general adult medical examination with abnormal findings", eid="enc-2026-0101")
condition("cond-0102-cough", "encounter-diagnosis", "R05.1", "Acute cough",
          ("49727002", "Cough"), eid="enc-2026-0102", onset="2025-02-03", clinical="resolved",
          abatement="2025-04-08", note="Attributed to lisinopril; resolved after switch to losartan.")
condition("cond-0105-adenoma", "encounter-diagnosis", "D12.5", "Benign neoplasm of sigmoid colon",
          eid="enc-2026-0105", onset="2025-08-05", clinical="resolved", abatement="2025-08-05",
          note="6 mm tubular adenoma removed by cold snare.")
condition("cond-0107-chestpain", "encounter-diagnosis", "R07.89", "Other chest pain",
          eid="enc-2026-0107", onset="2025-12-09", clinical="resolved", abatement="2026-01-20")
condition("cond-0109-osa", "encounter-diagnosis", "G47.33", "Obstructive sleep apnea (adult) (pediatric)",
          ("78275009", "Obstructive sleep apnea syndrome"), eid="enc-2026-0109", onset="2026-06-24")
condition("cond-0110-osa", "encounter-diagnosis", "G47.33", "Obstructive sleep apnea (adult) (pediatric)",
          ("78275009", "Obstructive sleep apnea syndrome"), eid="enc-2026-0110", onset="2026-06-24")
condition("cond-0113-htn", "encounter-diagnosis", "I10", "Essential (primary) hypertension",
          ("59621000", "Essential hypertension"), eid="enc-2026-0113")
condition("cond-0117-dm2", "encounter-diagnosis", "E11.65", "Type 2 diabetes mellitus with hyperglycemia",
          eid="enc-2026-0117")
condition("cond-0117-palpitations", "encounter-diagnosis", "R00.2", "Palpitations",
          eid="enc-2026-0117", onset="2026-08-30")

# --- procedures ----------------------------------------------------------------


def procedure(pid, eid, code, when_start, when_end=None, based_on=None, performer=None,
              status="completed", performed_date=None, note=None):
    p = {
        "resourceType": "Procedure",
        "id": pid,
        "status": status,
        "code": code,
        "subject": PATIENT_REF,
    }
    if based_on:
        p["basedOn"] = [ref("ServiceRequest", based_on)]
    if eid:
        p["encounter"] = enc_ref(eid)
    if performed_date:
        p["performedDateTime"] = performed_date
    elif when_end:
        p["performedPeriod"] = {"start": ts(when_start), "end": ts(when_end)}
    else:
        p["performedDateTime"] = ts(when_start)
    if performer:
        p["performer"] = [{"actor": performer}]
    if note:
        p["note"] = [{"text": note}]
    add(p, sec_for(eid))
    return p


def service_request(sid, eid, code, authored, requester, reason, occurrence=None):
    s = {
        "resourceType": "ServiceRequest",
        "id": sid,
        "status": "completed",
        "intent": "order",
        "code": code,
        "subject": PATIENT_REF,
        "encounter": enc_ref(eid),
        "authoredOn": ts(authored),
        "requester": ref("Practitioner", requester, PRACTITIONER_NAMES[requester]),
        "reasonCode": [reason],
    }
    if occurrence:
        s["occurrenceDateTime"] = occurrence
    add(s, sec_for(eid))
    return s


service_request("sr-0101-colonoscopy", "enc-2026-0101",
                cc(CPT, "45378", "Colonoscopy, flexible; diagnostic", "Screening colonoscopy"),
                "2025-01-14 09:30", PCP,
                cc(ICD10CM, "Z12.11", "Encounter for screening for malignant neoplasm of colon"))
service_request("sr-0109-hsat", "enc-2026-0109",
                cc(CPT, "95806", "Sleep study, unattended, simultaneous recording of heart rate, oxygen "
                                 "saturation, respiratory airflow, and respiratory effort",
                   "Home sleep apnea test"),
                "2026-06-23 09:40", SLEEP_DOC,
                cc(ICD10CM, "R06.83", "Snoring"), occurrence="2026-06-23")

procedure("proc-appendectomy", None, cc(SCT, "80146002", "Appendectomy"), None,
          performed_date="1979", note="Patient-reported childhood history; no operative record on file.")
procedure("proc-0105-colonoscopy", "enc-2026-0105",
          {"coding": [coding(CPT, "45380", "Colonoscopy, flexible; with biopsy, single or multiple"),
                      coding(SCT, "73761001", "Colonoscopy")], "text": "Colonoscopy with cold snare biopsy"},
          "2025-08-05 08:05", "2025-08-05 08:38", based_on="sr-0101-colonoscopy",
          performer={"display": OUTSIDE_CLINICIANS["enc-2026-0105"]})
procedure("proc-0107-ecg", "enc-2026-0107", cc(SCT, "29303009", "Electrocardiographic procedure", "12-lead ECG"),
          "2025-12-09 19:55")
procedure("proc-0108-stress-echo", "enc-2026-0108",
          cc(CPT, "93351", "Echocardiography, transthoracic, real-time, during rest and cardiovascular "
                           "stress test", "Exercise stress echocardiogram"),
          "2026-01-20 13:20", "2026-01-20 14:05", performer={"display": OUTSIDE_CLINICIANS["enc-2026-0108"]},
          note="No inducible ischemia. LVEF 60%.")
procedure("proc-0109-hsat", "enc-2026-0109",
          cc(CPT, "95806", "Sleep study, unattended, simultaneous recording of heart rate, oxygen "
                           "saturation, respiratory airflow, and respiratory effort", "Home sleep apnea test"),
          "2026-06-23 22:40", "2026-06-24 06:05", based_on="sr-0109-hsat",
          performer=ref("Practitioner", SLEEP_DOC, "Samuel Whitfield, MD"))
procedure("proc-0117-ecg", "enc-2026-0117",
          cc(CPT, "93000", "Electrocardiogram, routine ECG with at least 12 leads; with interpretation and report",
             "12-lead ECG"), "2026-09-14 08:55", performer=ref("Practitioner", PCP, "Priya Natarajan, MD"),
          note="Normal sinus rhythm, rate 72. No ectopy captured.")

# --- medications ---------------------------------------------------------------


def med_request(mid, rx, display, status, authored, dose_text, eid=None, requester=PCP,
                status_reason=None, reason=None, end=None):
    m = {
        "resourceType": "MedicationRequest",
        "id": mid,
        "status": status,
    }
    if status_reason:
        m["statusReason"] = {"text": status_reason}
    m.update({
        "intent": "order",
        "medicationCodeableConcept": cc(RXNORM, rx, display),
        "subject": PATIENT_REF,
    })
    if eid:
        m["encounter"] = enc_ref(eid)
    m["authoredOn"] = authored
    m["requester"] = ref("Practitioner", requester, PRACTITIONER_NAMES[requester])
    if reason:
        m["reasonReference"] = [ref("Condition", reason)]
    m["dosageInstruction"] = [{"text": dose_text}]
    period = {"start": authored[:10]}
    if end:
        period["end"] = end
    m["dispenseRequest"] = {"validityPeriod": period}
    add(m, sec_for(eid))
    return m


# active, no encounter (carried forward from the legacy EHR conversion)
med_request("mr-metformin", "860975", "24 HR metformin hydrochloride 500 MG Extended Release Oral Tablet",
            "active", "2023-05-02", "Take 2 tablets (1000 mg) by mouth once daily with evening meal",
            reason="cond-dm2")
med_request("mr-simvastatin", "312961", "simvastatin 20 MG Oral Tablet", "active", "2022-08-11",
            "Take 1 tablet by mouth at bedtime", reason="cond-hld")
# linked to encounters
med_request("mr-lisinopril", "314076", "lisinopril 10 MG Oral Tablet", "stopped", "2025-01-14",
            "Take 1 tablet by mouth once daily", eid="enc-2026-0101", reason="cond-htn",
            status_reason="Persistent dry cough (ACE-inhibitor intolerance); replaced by losartan 2025-02-25",
            end="2025-02-25")
med_request("mr-losartan", "979492", "losartan potassium 50 MG Oral Tablet", "active", "2025-02-25",
            "Take 1 tablet by mouth once daily", eid="enc-2026-0102", reason="cond-htn")
med_request("mr-amlodipine", "197361", "amlodipine 5 MG Oral Tablet", "active", "2025-04-08",
            "Take 1 tablet by mouth once daily", eid="enc-2026-0103", reason="cond-htn")
med_request("mr-acetaminophen", "313782", "acetaminophen 325 MG Oral Tablet", "completed", "2025-12-09",
            "Take 2 tablets by mouth every 6 hours as needed for chest wall pain, for up to 7 days",
            eid="enc-2026-0107", reason="cond-0107-chestpain", end="2025-12-16")

add({
    "resourceType": "MedicationStatement",
    "id": "ms-aspirin",
    "status": "active",
    "medicationCodeableConcept": cc(RXNORM, "243670", "aspirin 81 MG Oral Tablet"),
    "subject": PATIENT_REF,
    "effectivePeriod": {"start": "2020-06-01"},
    "dateAsserted": ts("2026-09-14 08:45"),
    "informationSource": PATIENT_REF,
    "dosage": [{"text": "81 mg by mouth once daily (over the counter)"}],
})
add({
    "resourceType": "MedicationStatement",
    "id": "ms-0107-ibuprofen",
    "status": "stopped",
    "statusReason": [{"text": "Advised to avoid NSAIDs (hypertension, diabetes)"}],
    "medicationCodeableConcept": cc(RXNORM, "310965", "ibuprofen 200 MG Oral Tablet"),
    "subject": PATIENT_REF,
    "context": enc_ref("enc-2026-0107"),
    "effectivePeriod": {"start": "2025-12-06", "end": "2025-12-09"},
    "dateAsserted": ts("2025-12-09 20:00"),
    "informationSource": PATIENT_REF,
    "dosage": [{"text": "400 mg by mouth up to three times daily for chest discomfort (self-directed)"}],
})

# --- allergies (no encounter) -------------------------------------------------------
add({
    "resourceType": "AllergyIntolerance",
    "id": "allergy-penicillin",
    "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
    "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                             "confirmed", "Confirmed"),
    "type": "allergy",
    "category": ["medication"],
    "criticality": "high",
    "code": cc(SCT, "91936005", "Allergy to penicillin", "Penicillin allergy"),
    "patient": PATIENT_REF,
    "onsetDateTime": "1988",
    "recordedDate": "2016-09-02",
    "recorder": ref("Practitioner", PCP, "Priya Natarajan, MD"),
    "reaction": [{"manifestation": [cc(SCT, "126485001", "Urticaria")], "severity": "moderate"}],
})
add({
    "resourceType": "AllergyIntolerance",
    "id": "allergy-lisinopril",
    "clinicalStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active", "Active"),
    "verificationStatus": cc("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                             "confirmed", "Confirmed"),
    "type": "intolerance",
    "category": ["medication"],
    "criticality": "low",
    "code": cc(RXNORM, "29046", "lisinopril"),
    "patient": PATIENT_REF,
    "onsetDateTime": "2025-02-03",
    "recordedDate": "2025-02-25",
    "recorder": ref("Practitioner", PCP, "Priya Natarajan, MD"),
    "reaction": [{"manifestation": [cc(SCT, "49727002", "Cough")], "severity": "mild"}],
})

# --- immunizations ---------------------------------------------------------------
for iid, eid, cvx, display, when, lot, site in [
    ("imm-0101-zoster", "enc-2026-0101", "187", "zoster vaccine recombinant, adjuvanted",
     "2025-01-14 09:38", "R7K22", ("LA", "left arm")),
    ("imm-0106-influenza", "enc-2026-0106", "140", "Influenza, seasonal, injectable, preservative free",
     "2025-10-21 11:25", "FL5529", ("RA", "right arm")),
]:
    add({
        "resourceType": "Immunization",
        "id": iid,
        "status": "completed",
        "vaccineCode": cc(CVX, cvx, display),
        "patient": PATIENT_REF,
        "encounter": enc_ref(eid),
        "occurrenceDateTime": ts(when),
        "primarySource": True,
        "lotNumber": lot,
        "site": cc("http://terminology.hl7.org/CodeSystem/v3-ActSite", *site),
        "route": cc("http://terminology.hl7.org/CodeSystem/v3-RouteOfAdministration", "IM",
                    "Injection, intramuscular"),
        "doseQuantity": qty(0.5, "mL"),
        "performer": [{"actor": ref("Practitioner", PCP, "Priya Natarajan, MD")}],
    })

# --- clinical notes: DocumentReference + Binary ----------------------------------
NOTES = [
    ("enc-2026-0101", "11506-3", "Progress note", "2025-01-14 10:05",
     "Annual physical. T2DM (A1c 7.4%), HTN on lisinopril, hyperlipidemia on simvastatin.\n"
     "Zoster recombinant dose 1 given. Referred for screening colonoscopy (last 2014).\n"),
    ("enc-2026-0105", "28570-0", "Procedure note", "2025-08-05 09:05",
     "Colonoscopy to cecum, Boston bowel prep score 8. One 6 mm sigmoid polyp removed by cold snare.\n"
     "No complications. Pathology pending.\n"),
    ("enc-2026-0107", "34111-5", "Emergency department note", "2025-12-09 23:50",
     "64M with 2 days of left-sided chest discomfort, reproducible on palpation. ECG without ischemic\n"
     "changes; troponin I <0.01 ng/mL x2. Likely musculoskeletal. Stress echo ordered as outpatient.\n"),
    ("enc-2026-0109", "11488-4", "Consult note", "2026-06-23 10:10",
     "Sleep medicine consult (self-pay; patient requested no disclosure to health plan).\n"
     "Loud snoring, witnessed apneas, Epworth 13. Home sleep apnea test ordered.\n"),
    ("enc-2026-0110", "11506-3", "Progress note", "2026-08-18 11:00",
     "Moderate obstructive sleep apnea on prior testing. Auto-CPAP 5-15 cm H2O started, full face mask.\n"
     "Patient signed an authorization allowing disclosure of his earlier self-pay sleep records to\n"
     "Lakeshore Mutual Health Plan to support CPAP coverage.\n"),
    ("enc-2026-0117", "11506-3", "Progress note", "2026-09-14 09:40",
     "T2DM follow-up: A1c 8.1% (up from 7.0%). Reinforced diet, adherence to metformin.\n"
     "Intermittent palpitations for 2 weeks; ECG normal sinus rhythm. Recheck A1c in 3 months.\n"),
]
for eid, loinc, title, when, text in NOTES:
    short = eid[-4:]
    doc_id, bin_id = f"doc-{short}", f"bin-{short}"
    author = ENC[eid]["prac"]
    author_ref = (ref("Practitioner", author, PRACTITIONER_NAMES[author]) if author
                  else {"display": OUTSIDE_CLINICIANS[eid]})
    body = f"{title.upper()}\nPatient: OKAFOR, DANIEL  MRN: B77421  Encounter: {eid}\n{text}"
    add({
        "resourceType": "Binary",
        "id": bin_id,
        "contentType": "text/plain",
        "securityContext": ref("DocumentReference", doc_id),
        "data": b64(body),
    }, sec_for(eid))
    add({
        "resourceType": "DocumentReference",
        "id": doc_id,
        "status": "current",
        "docStatus": "final",
        "type": cc(LOINC, loinc, title),
        "category": [cc(DOC_CAT, "clinical-note", "Clinical Note")],
        "subject": PATIENT_REF,
        "date": ts(when),
        "author": [author_ref],
        "custodian": ref("Organization", ENC[eid]["org"], ORG_NAMES[ENC[eid]["org"]]),
        "content": [{"attachment": {
            "contentType": "text/plain",
            "url": f"Binary/{bin_id}",
            "size": len(body.encode("utf-8")),
            "title": f"{title} {enc_date(eid)}",
            "creation": ts(when),
        }}],
        "context": {
            "encounter": [enc_ref(eid)],
            "period": ENC[eid]["resource"]["period"],
        },
    }, sec_for(eid))

# --- the claim for enc-2026-0117 ---------------------------------------------------
CLAIM_LINES = [
    ("99214", "Office visit, established patient, moderate complexity", 215.00, [1, 2, 3]),
    ("83036", "Hemoglobin; glycosylated (A1C)", 48.00, [1]),
    ("36415", "Collection of venous blood by venipuncture", 18.00, [1]),
    ("93000", "Electrocardiogram, routine ECG with at least 12 leads; with interpretation and report",
     65.00, [3]),
]
add({
    "resourceType": "Claim",
    "id": "clm-2026-0042",
    "identifier": [{"system": CLAIM_SYSTEM, "value": "CLM-2026-0042"}],
    "status": "active",
    "type": cc("http://terminology.hl7.org/CodeSystem/claim-type", "professional", "Professional"),
    "use": "claim",
    "patient": PATIENT_REF,
    "billablePeriod": {"start": "2026-09-14", "end": "2026-09-14"},
    "created": "2026-09-16T14:32:00-05:00",
    "insurer": ref("Organization", PAYER_ORG, "Lakeshore Mutual Health Plan"),
    "provider": ref("Organization", PCP_ORG, "Maple Ridge Primary Care"),
    "priority": cc("http://terminology.hl7.org/CodeSystem/processpriority", "normal", "Normal"),
    "careTeam": [{
        "sequence": 1,
        "provider": ref("Practitioner", PCP, "Priya Natarajan, MD"),
        "responsible": True,
        "role": cc("http://terminology.hl7.org/CodeSystem/claimcareteamrole", "primary", "Primary provider"),
    }],
    "diagnosis": [
        {"sequence": 1, "diagnosisCodeableConcept": cc(ICD10CM, "E11.65",
                                                       "Type 2 diabetes mellitus with hyperglycemia")},
        {"sequence": 2, "diagnosisCodeableConcept": cc(ICD10CM, "I10", "Essential (primary) hypertension")},
        {"sequence": 3, "diagnosisCodeableConcept": cc(ICD10CM, "R00.2", "Palpitations")},
    ],
    "insurance": [{"sequence": 1, "focal": True, "coverage": ref("Coverage", COVERAGE)}],
    "item": [
        {
            "sequence": n,
            "careTeamSequence": [1],
            "diagnosisSequence": dx,
            "productOrService": cc(CPT, code, display),
            "servicedDate": "2026-09-14",
            "locationCodeableConcept": cc(
                "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set",
                "11", "Office"),
            "quantity": {"value": 1},
            "unitPrice": {"value": price, "currency": "USD"},
            "net": {"value": price, "currency": "USD"},
            "encounter": [enc_ref("enc-2026-0117")],
        }
        for n, (code, display, price, dx) in enumerate(CLAIM_LINES, start=1)
    ],
    "total": {"value": sum(line[2] for line in CLAIM_LINES), "currency": "USD"},
})

# --- checks -------------------------------------------------------------------------


def references(node):
    """Yield every Reference.reference string found anywhere in a resource."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from references(value)
    elif isinstance(node, list):
        for item in node:
            yield from references(item)


def check():
    keys = [f"{r['resourceType']}/{r['id']}" for r in resources]
    dupes = [k for k, n in Counter(keys).items() if n > 1]
    assert not dupes, f"duplicate ids: {dupes}"
    known = set(keys)
    for r in resources:
        for target in references(r):
            assert target in known, f"{r['resourceType']}/{r['id']} -> unresolved {target}"
        for d in r.get("content", []):
            assert d["attachment"]["url"] in known, d["attachment"]["url"]
    for npi in NPIS.values():
        assert npi_is_valid(npi), npi
    for r in resources:
        for ident in r.get("identifier", []):
            if ident.get("system") == NPI_SYSTEM:
                assert npi_is_valid(ident["value"]), ident
    assert len(resources) >= 100, len(resources)
    assert sum(r["resourceType"] == "Encounter" for r in resources) == 12


def main():
    check()
    bundle = {
        "resourceType": "Bundle",
        "id": "okafor-records",
        "meta": {"lastUpdated": "2026-09-16T15:00:00-05:00"},
        "type": "collection",
        "timestamp": "2026-09-16T15:00:00-05:00",
        "entry": [{"fullUrl": f"{BASE}/{r['resourceType']}/{r['id']}", "resource": r} for r in resources],
    }
    (HERE / "okafor-bundle.json").write_text(json.dumps(bundle, indent=2, ensure_ascii=False) + "\n")
    ndjson_dir = HERE / "okafor-ndjson"
    ndjson_dir.mkdir(exist_ok=True)
    for stale in ndjson_dir.glob("*.ndjson"):
        stale.unlink()
    by_type = {}
    for r in resources:
        by_type.setdefault(r["resourceType"], []).append(r)
    for rtype, items in sorted(by_type.items()):
        lines = "".join(json.dumps(r, separators=(",", ":"), ensure_ascii=False) + "\n" for r in items)
        (ndjson_dir / f"{rtype}.ndjson").write_text(lines)

    counts = Counter(r["resourceType"] for r in resources)
    print(f"{len(resources)} resources")
    for rtype, n in sorted(counts.items()):
        print(f"  {rtype:20} {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
