/**
 * The customer book of the demo: 65 accounts with their agreements.
 *
 * Agreements are hand-specified (plan, features, dates, terms) and priced from
 * a per-currency price book, with amounts varied per account by a generator
 * seeded with the account code only, so agreements.json is the same for every
 * seed (only usage and hours change with the seed). That keeps the injected
 * agreement problems, their ids and their numbers stable for the tests.
 */
import type { z } from 'zod';
import type { agreementSchema } from '../../../shared/domain';
import { addBillCycleTerms } from './bill-cycles';
import { fixedDecimal } from './csv';
import { deriveSeed, Prng } from './prng';

export type AgreementDoc = z.input<typeof agreementSchema>;
export type ChargeDoc = AgreementDoc['charges'][number];
type TierDoc = { up_to: string | null; unit_price: string; flat_fee?: string };

/** The six months the demo covers, in order; the last one is the one a reviewer rates first. */
export const PERIODS = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10'] as const;
export const WINDOW_FIRST = '2026-05-01';
export const WINDOW_LAST = '2026-10-31';
export const LAST_PERIOD = '2026-10';

export const OWNERS = {
  DL: 'Dana Lee',
  MO: 'Marcus Okafor',
  PR: 'Priya Raman',
  JW: 'Jonas Weber',
  SM: 'Sofia Marín',
  TH: 'Tom Hallworth',
} as const;
type OwnerKey = keyof typeof OWNERS;

export type Plan = 'starter' | 'growth' | 'enterprise';

/**
 * Feature tokens (space separated):
 * a:pu|a:g|a:gf|a:v   api_calls per unit with allowance | graduated | graduated with flat fees | volume
 * s|s0                storage_gb (max) per unit with / without included GB
 * st                  seats (last), volume tiers with a flat fee on the top tier
 * k:p|k:c             sms summed and sold in packages | sms counted per message
 * c:u|c:g             compute_hours per unit | graduated with a flat fee
 * ps:g|ps:r|ps:rc     professional services: one rate | architect + general | architect + consultant + general
 * su:i|su:p|su:6      support: 10 h included, 6-minute increments | 15-minute increments | 6-minute increments
 * ob                  onboarding fee billed on the start date
 */
export interface AccountSpec {
  code: string;
  name: string;
  currency: string;
  tax: string;
  owner: OwnerKey | null;
  plan: Plan;
  start: string;
  end?: string;
  terms: 15 | 30 | 45;
  discount: string;
  features: string;
  /** monthly minimum commitment in USD-equivalent whole units (converted with the price book) */
  minimumUsd?: number;
  /** deposit, as written in the agreement currency */
  deposit?: string;
  address: string[] | null;
  po?: string | null;
  /** extra one-time charges (USD-equivalent) */
  oneTime?: { code: string; description: string; usd: number; billOn: string }[];
}

export const ACCOUNTS: readonly AccountSpec[] = [
  // United States
  { code: 'ACME', name: 'Acme Corporation', currency: 'USD', tax: '0.0825', owner: 'DL', plan: 'enterprise', start: '2024-02-01', terms: 30, discount: '10', features: 'a:gf s st k:p ps:r su:i', minimumUsd: 30000, address: ['Attn: Accounts Payable', '1200 Congress Ave, Suite 400', 'Austin, TX 78701', 'USA'] },
  { code: 'NORTHWIND', name: 'Northwind Traders Inc.', currency: 'USD', tax: '0', owner: 'MO', plan: 'growth', start: '2025-03-15', terms: 30, discount: '0', features: 'a:g s st', address: ['410 Terry Ave N', 'Seattle, WA 98109', 'USA'], oneTime: [{ code: 'onboarding', description: 'Onboarding', usd: 2000, billOn: '2025-03-15' }] },
  { code: 'CONTOSO', name: 'Contoso Pharmaceuticals LLC', currency: 'USD', tax: '0', owner: 'DL', plan: 'enterprise', start: '2023-11-01', end: '2027-10-31', terms: 45, discount: '10', features: 'a:gf s c:g ps:rc su:i', minimumUsd: 40000, address: ['Finance Shared Services', '100 College Road West', 'Princeton, NJ 08540', 'USA'] },
  { code: 'FABRIKAM', name: 'Fabrikam Robotics Inc.', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-06-01', terms: 30, discount: '5', features: 'a:g s c:u ps:g', address: ['2 Smithfield Street', 'Pittsburgh, PA 15222', 'USA'] },
  { code: 'INITECH', name: 'Initech Software Inc.', currency: 'USD', tax: '0.0825', owner: 'MO', plan: 'growth', start: '2024-09-01', terms: 30, discount: '0', features: 'a:v st su:p', address: ['4120 Freidrich Lane', 'Austin, TX 78744', 'USA'] },
  { code: 'UMBRELLA', name: 'Umbrella Health Systems', currency: 'USD', tax: '0', owner: 'DL', plan: 'enterprise', start: '2024-05-01', terms: 45, discount: '5', features: 'a:gf s st ps:r su:i', minimumUsd: 24000, address: ['Accounts Payable Dept. 118', '3200 Wake Forest Road', 'Raleigh, NC 27609', 'USA'] },
  { code: 'STARK', name: 'Stark Precision Manufacturing', currency: 'USD', tax: '0', owner: 'MO', plan: 'enterprise', start: '2025-01-01', terms: 45, discount: '0', features: 'a:g s c:u ps:g', address: ['8800 West Jefferson Ave', 'Detroit, MI 48209', 'USA'] },
  { code: 'WAYNE', name: 'Wayne Biomedical Group', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-08-01', terms: 30, discount: '0', features: 'a:g s st k:p', address: ['One Kendall Square, Bldg 300', 'Cambridge, MA 02139', 'USA'] },
  { code: 'BLUEMESA', name: 'Blue Mesa Analytics Inc.', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-04-01', terms: 30, discount: '0', features: 'a:g s st c:u', address: ['1600 Wynkoop Street, Suite 200', 'Denver, CO 80202', 'USA'] },
  { code: 'REDWOOD', name: 'Redwood Credit Union', currency: 'USD', tax: '0', owner: 'MO', plan: 'growth', start: '2026-05-18', terms: 30, discount: '0', features: 'a:pu st k:p su:p ob', deposit: '5000.00', address: ['3033 Cleveland Ave', 'Santa Rosa, CA 95403', 'USA'] },
  { code: 'LAKESIDE', name: 'Lakeside Dental Partners', currency: 'USD', tax: '0', owner: 'DL', plan: 'starter', start: '2025-10-21', end: '2026-10-20', terms: 15, discount: '0', features: 'a:pu st k:c', address: ['22 East Mifflin Street', 'Madison, WI 53703', 'USA'] },
  { code: 'PINNACLE', name: 'Pinnacle Freight Systems Inc.', currency: 'USD', tax: '0.0825', owner: 'MO', plan: 'growth', start: '2024-07-01', terms: 30, discount: '5', features: 'a:v s c:u su:6', address: ['2100 Ross Avenue, Floor 9', 'Dallas, TX 75201', 'USA'] },
  { code: 'HARBOR', name: 'Harborview Logistics LLC', currency: 'USD', tax: '0', owner: 'DL', plan: 'growth', start: '2025-02-01', terms: 30, discount: '0', features: 'a:g s st k:p', minimumUsd: 12000, address: ['1001 Fleet Street', 'Baltimore, MD 21202', 'USA'] },
  { code: 'SUMMIT', name: 'Summit Ridge Insurance Agency', currency: 'USD', tax: '0', owner: 'PR', plan: 'starter', start: '2025-09-01', terms: 15, discount: '0', features: 'a:pu st', address: ['75 Main Street', 'Bozeman, MT 59715', 'USA'] },
  { code: 'CEDAR', name: 'Cedar & Pine Home Goods Co.', currency: 'USD', tax: '0', owner: 'MO', plan: 'growth', start: '2025-05-01', terms: 30, discount: '0', features: 'a:g st ps:g', address: ['415 SW Washington Street', 'Portland, OR 97204', 'USA'] },
  { code: 'IRONCLAD', name: 'Ironclad Security Solutions', currency: 'USD', tax: '0.0825', owner: 'DL', plan: 'enterprise', start: '2024-01-15', terms: 45, discount: '10', features: 'a:gf s st c:g ps:r su:i', minimumUsd: 35000, address: ['Attn: AP', '5 Houston Center, 1401 McKinney St', 'Houston, TX 77010', 'USA'] },
  { code: 'BRIGHTPATH', name: 'BrightPath Learning Inc.', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-07-01', terms: 30, discount: '0', features: 'a:g st k:c', address: ['600 Congress Street', 'Boston, MA 02210', 'USA'] },
  { code: 'OAKMONT', name: 'Oakmont Capital Advisors LLC', currency: 'USD', tax: '0', owner: 'DL', plan: 'growth', start: '2024-11-01', terms: 30, discount: '5', features: 'a:pu s ps:g su:p', address: ['590 Madison Avenue, 21st Floor', 'New York, NY 10022', 'USA'] },
  { code: 'COPPERLEAF', name: 'Copperleaf Energy Co.', currency: 'USD', tax: '0', owner: 'MO', plan: 'growth', start: '2024-06-01', end: '2026-07-31', terms: 30, discount: '0', features: 'a:g s c:u', address: ['1700 Broadway', 'Oklahoma City, OK 73103', 'USA'] },
  { code: 'SILVERLINE', name: 'Silverline Telehealth Inc.', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-01-01', terms: 30, discount: '0', features: 'a:g s st', address: ['100 N Tryon Street', 'Charlotte, NC 28202', 'USA'] },
  { code: 'TRUENORTH', name: 'True North Outfitters', currency: 'USD', tax: '0', owner: 'MO', plan: 'starter', start: '2026-08-03', terms: 15, discount: '0', features: 'a:pu st ob', address: ['318 W Superior Street', 'Duluth, MN 55802', 'USA'] },
  { code: 'MERIDIAN', name: 'Meridian Title & Escrow', currency: 'USD', tax: '0', owner: 'DL', plan: 'starter', start: '2025-12-01', terms: 15, discount: '0', features: 'a:pu st su:p', address: ['2 N Central Avenue', 'Phoenix, AZ 85004', 'USA'] },
  { code: 'HELIX', name: 'Helix Genomics Inc.', currency: 'USD', tax: '0', owner: 'PR', plan: 'enterprise', start: '2025-03-01', terms: 45, discount: '0', features: 'a:v s c:g ps:rc', minimumUsd: 26000, deposit: '25000.00', address: ['10210 Campus Point Drive', 'San Diego, CA 92121', 'USA'], oneTime: [{ code: 'data_migration', description: 'Data migration from legacy LIMS', usd: 12500, billOn: '2026-06-30' }] },
  { code: 'BARNES', name: 'Barnes, Holt & "Sons" Hardware Co.', currency: 'USD', tax: '0.0825', owner: 'MO', plan: 'starter', start: '2024-10-01', terms: 30, discount: '0', features: 'a:pu st k:p', address: ['1401 Avenue Q', 'Lubbock, TX 79401', 'USA'] },
  { code: 'ORCHARD', name: 'Orchard Street Bakeries LLC', currency: 'USD', tax: '0', owner: 'DL', plan: 'starter', start: '2026-06-15', terms: 15, discount: '0', features: 'a:pu st su:p ob', address: ['88 Orchard Street', 'New York, NY 10002', 'USA'] },
  { code: 'VANTAGE', name: 'Vantage Point Media Group', currency: 'USD', tax: '0', owner: 'PR', plan: 'growth', start: '2025-11-01', terms: 30, discount: '30', features: 'a:g s k:p', address: ['6255 Sunset Boulevard', 'Los Angeles, CA 90028', 'USA'] },
  { code: 'KESTREL', name: 'Kestrel Aerospace Components', currency: 'USD', tax: '0', owner: 'MO', plan: 'enterprise', start: '2024-04-01', terms: 45, discount: '5', features: 'a:gf s c:u ps:r su:i', minimumUsd: 20000, address: ['3500 N Rock Road', 'Wichita, KS 67226', 'USA'] },
  { code: 'LONGHORN', name: 'Longhorn Veterinary Clinics', currency: 'USD', tax: '0.0825', owner: 'DL', plan: 'starter', start: '2025-05-01', terms: 15, discount: '0', features: 'a:pu st k:c', address: ['110 Broadway Street', 'San Antonio, TX 78205', 'USA'] },
  { code: 'PACRIM', name: 'Pacific Rim Seafood Co.', currency: 'USDX', tax: '0', owner: 'PR', plan: 'growth', start: '2025-09-15', terms: 30, discount: '0', features: 'a:g s st', address: ['2001 Western Avenue, Pier 59', 'Seattle, WA 98121', 'USA'] },
  { code: 'EVERGREEN', name: 'Evergreen Property Management', currency: 'USD', tax: '0', owner: 'MO', plan: 'starter', start: '2025-02-15', terms: 15, discount: '0', features: 'a:pu st', address: ['901 5th Avenue', 'Seattle, WA 98164', 'USA'] },
  { code: 'QUARRYHILL', name: 'Quarry Hill Construction Inc.', currency: 'USD', tax: '0', owner: 'DL', plan: 'growth', start: '2024-08-01', terms: 30, discount: '5', features: 'a:v s st ps:g', address: ['45 Quarry Hill Road', 'Rutland, VT 05701', 'USA'] },
  { code: 'SAGUARO', name: 'Saguaro Solar Inc.', currency: 'USD', tax: '0', owner: 'MO', plan: 'starter', start: '2025-06-15', terms: 15, discount: '0', features: 'a:pu s0 st', address: ['40 E Rio Salado Parkway', 'Tempe, AZ 85281', 'USA'] },
  { code: 'KEYSTONE', name: 'Keystone Community Bank', currency: 'USD', tax: '0', owner: 'DL', plan: 'growth', start: '2024-03-15', terms: 30, discount: '0', features: 'a:pu s st su:i', minimumUsd: 7500, address: ['17 North Second Street', 'Harrisburg, PA 17101', 'USA'] },
  // Euro area
  { code: 'MUELLER', name: 'Müller Logistik GmbH', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'enterprise', start: '2024-03-01', terms: 45, discount: '10', features: 'a:gf s st c:u ps:r su:i', minimumUsd: 26000, address: ['Buchhaltung / Kreditoren', 'Am Sandtorkai 50', '20457 Hamburg', 'Deutschland'] },
  { code: 'SGO', name: "Société Générale d'Outillage", currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2025-01-01', terms: 45, discount: '5', features: 'a:g s st ps:g', address: ['12 rue de la République', '69002 Lyon', 'France'] },
  { code: 'BECKER', name: 'Becker & Söhne Maschinenbau AG', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'enterprise', start: '2024-06-01', end: '2027-05-31', terms: 45, discount: '5', features: 'a:gf s c:g ps:rc', minimumUsd: 30000, address: ['Heilbronner Straße 150', '70191 Stuttgart', 'Deutschland'] },
  { code: 'ZEISSLER', name: 'Zeißler Optik GmbH', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'growth', start: '2025-04-01', terms: 30, discount: '0', features: 'a:g s st k:p', address: ['Carl-Zeiß-Promenade 10', '07745 Jena', 'Deutschland'] },
  { code: 'DEVRIES', name: 'De Vries Tuinbouw B.V.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2025-06-01', terms: 30, discount: '0', features: 'a:pu s st', address: ['Middel Broekweg 29', '2675 KB Honselersdijk', 'Nederland'] },
  { code: 'ALMEIDA', name: 'Almeida & Filhos, Lda.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'starter', start: '2026-07-10', terms: 30, discount: '0', features: 'a:pu st ob', address: ['Rua de Santa Catarina 312', '4000-443 Porto', 'Portugal'] },
  { code: 'GARCIA', name: 'Distribuciones García Ruiz S.L.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2024-12-01', terms: 30, discount: '5', features: 'a:g s c:u', minimumUsd: 7500, address: ['Avenida del Puerto 180', '46023 Valencia', 'España'] },
  { code: 'ROSSI', name: 'Rossi Alimentari S.p.A.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2025-02-01', terms: 30, discount: '0', features: 'a:g s st k:p', address: ['Via Emilia Est 25', '43123 Parma PR', 'Italia'] },
  { code: 'KOWALSKI', name: 'Kowalski Transport Sp. z o.o.', currency: 'EUR', tax: '0', owner: 'JW', plan: 'growth', start: '2025-08-15', terms: 30, discount: '0', features: 'a:v s c:u su:6', address: ['ul. Głogowska 216', '60-104 Poznań', 'Polska'] },
  { code: 'OBRIEN', name: "O'Brien Medical Devices Ltd", currency: 'EUR', tax: '0', owner: 'TH', plan: 'enterprise', start: '2024-10-01', terms: 45, discount: '10', features: 'a:gf s st ps:r su:i', minimumUsd: 18000, deposit: '10000.00', address: ['Model Farm Road', 'Cork T12 HT02', 'Ireland'] },
  { code: 'LAMBERT', name: 'Lambert Frères SAS', currency: 'EUR', tax: '0', owner: 'SM', plan: 'starter', start: '2025-10-01', terms: 30, discount: '0', features: 'a:pu st k:c', address: ['45 rue Nationale', '59000 Lille', 'France'] },
  { code: 'HOFFMANN', name: 'Hoffmann Pharma Vertrieb GmbH', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'growth', start: '2025-01-15', terms: 30, discount: '5', features: 'a:g s ps:g su:p', address: ['Hohenzollernring 72', '50672 Köln', 'Deutschland'] },
  { code: 'VIRTANEN', name: 'Virtanen Data Oy', currency: 'EUR', tax: '0', owner: 'JW', plan: 'growth', start: '2026-10-15', terms: 30, discount: '0', features: 'a:g s st ob', deposit: '3000.00', address: ['Keilaranta 19', '02150 Espoo', 'Suomi'] },
  { code: 'SCHOENFELD', name: 'Brauerei Schönfeld KG', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'starter', start: '2025-03-01', terms: 30, discount: '0', features: 'a:pu st k:p', address: ['Obere Königstraße 4', '96052 Bamberg', 'Deutschland'] },
  { code: 'JANSSENS', name: 'Janssens Bouwmaterialen NV', currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2024-09-15', terms: 30, discount: '0', features: 'a:v s st', address: ['Noorderlaan 133', '2030 Antwerpen', 'België'] },
  { code: 'STEINER', name: 'Steiner Bergbahnen GmbH', currency: 'EUR', tax: '0', owner: 'JW', plan: 'starter', start: '2025-11-15', terms: 30, discount: '0', features: 'a:pu st k:p', address: ['Dorfstraße 8', '6020 Innsbruck', 'Österreich'] },
  { code: 'PAPADOPOULOS', name: 'Papadopoulos Shipping S.A.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'enterprise', start: '2024-07-01', terms: 45, discount: '5', features: 'a:gf s c:g ps:g su:i', minimumUsd: 17000, address: ['Akti Miaouli 47', '185 36 Piraeus', 'Greece'] },
  { code: 'NOVAENERGIA', name: 'Nova Energia S.p.A.', currency: 'EUR', tax: '0', owner: 'SM', plan: 'growth', start: '2025-05-01', terms: 30, discount: '0', features: 'a:g s c:u', address: ['Corso Vittorio Emanuele II 15', '10125 Torino', 'Italia'] },
  { code: 'KLEIN', name: 'Klein & Partner Steuerberatung', currency: 'EUR', tax: '0.19', owner: 'JW', plan: 'starter', start: '2024-12-01', terms: 15, discount: '0', features: 'a:pu st su:p', address: ['Leopoldstraße 31', '80802 München', 'Deutschland'] },
  // United Kingdom
  { code: 'THAMES', name: 'Thames Valley Housing Trust', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'growth', start: '2024-08-16', end: '2026-08-15', terms: 30, discount: '0', features: 'a:g s st su:p', address: ['Premier House, 52 London Road', 'Twickenham TW1 3RP', 'United Kingdom'] },
  { code: 'BRIGHTON', name: 'Brighton & Hove Print Co. Ltd', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'starter', start: '2025-04-01', terms: 30, discount: '0', features: 'a:pu st k:p', address: ['Unit 4, New England House', 'Brighton BN1 4GH', 'United Kingdom'] },
  { code: 'CALEDONIAN', name: 'Caledonian Distillers Ltd', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'growth', start: '2024-05-01', terms: 30, discount: '5', features: 'a:g s c:u ps:g', address: ['14 Melville Street', 'Edinburgh EH3 7NS', 'United Kingdom'] },
  { code: 'PENNINE', name: 'Pennine Outdoor Ltd', currency: 'GBP', tax: '0.2', owner: null, plan: 'starter', start: '2026-01-01', terms: 30, discount: '0', features: 'a:pu st', address: null, po: null },
  { code: 'ASHFORD', name: 'Ashford Veterinary Group', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'starter', start: '2025-06-01', terms: 15, discount: '0', features: 'a:pu st k:c', address: ['Orbital Park, Bad Munstereifel Road', 'Ashford TN24 0GA', 'United Kingdom'] },
  { code: 'MERSEY', name: 'Mersey Freight Forwarding Ltd', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'growth', start: '2025-02-01', terms: 30, discount: '0', features: 'a:v s c:u su:6', address: ['Royal Liver Building, Pier Head', 'Liverpool L3 1HU', 'United Kingdom'] },
  { code: 'WESSEX', name: 'Wessex Estates Ltd', currency: 'GBP', tax: '0.2', owner: 'TH', plan: 'starter', start: '2025-09-01', terms: 30, discount: '0', features: 'a:pu st', address: ['7 The Close', 'Salisbury SP1 2EB', 'United Kingdom'] },
  // Japan, Bahrain, Sweden, Switzerland
  { code: 'SAKURA', name: '株式会社さくら電機 (Sakura Denki K.K.)', currency: 'JPY', tax: '0.1', owner: 'PR', plan: 'enterprise', start: '2024-04-01', terms: 30, discount: '0', features: 'a:gf s st c:u ps:r', minimumUsd: 22000, address: ['経理部 御中', '東京都港区芝浦3-1-1', '〒108-0023', '日本'] },
  { code: 'TAKAHASHI', name: 'Takahashi Precision Co., Ltd.', currency: 'JPY', tax: '0.1', owner: 'PR', plan: 'growth', start: '2025-07-01', terms: 30, discount: '0', features: 'a:g s st', address: ['2-5-1 Minatomirai, Nishi-ku', 'Yokohama, Kanagawa 220-0012', 'Japan'] },
  { code: 'MINATO', name: 'Minato Foods K.K.', currency: 'JPY', tax: '0.1', owner: 'PR', plan: 'starter', start: '2025-10-01', terms: 30, discount: '0', features: 'a:pu st k:p', address: ['1-9-2 Higashi-Shimbashi, Minato-ku', 'Tokyo 105-0021', 'Japan'] },
  { code: 'GULFPEARL', name: 'Gulf Pearl Trading W.L.L.', currency: 'BHD', tax: '0.1', owner: 'PR', plan: 'growth', start: '2026-06-01', terms: 30, discount: '0', features: 'a:g s st su:p ob', deposit: '1500.000', address: ['Building 1565, Road 1722, Block 317', 'Diplomatic Area, Manama', 'Kingdom of Bahrain'] },
  { code: 'AKESSON', name: 'Åkesson & Dotter AB', currency: 'SEK', tax: '0', owner: 'JW', plan: 'growth', start: '2025-03-01', terms: 30, discount: '0', features: 'a:g s st k:p', address: ['Lilla Bommen 5', '411 04 Göteborg', 'Sverige'] },
  { code: 'BRUNNER', name: 'Brunner Uhrenteile AG', currency: 'CHF', tax: '0', owner: 'JW', plan: 'growth', start: '2024-11-01', terms: 30, discount: '5', features: 'a:v s st ps:g', address: ['Rue de la Gabelle 12', '2503 Biel/Bienne', 'Schweiz'] },
];

/**
 * The usage-only account: a trial that was switched on in October without any
 * agreement (unbilled_usage). Not in agreements.json on purpose.
 */
export const TRIAL_ACCOUNT = { code: 'ZENITH', name: 'Zenith Freight (trial)', from: '2026-10-06' } as const;

interface PriceBook {
  /** currency units per 1000 USD, for converting USD-equivalent fees */
  fx: number;
  /** fees are rounded to a multiple of this many whole units */
  step: number;
  digits: number;
  apiUnit: string;
  apiGraduated: TierDoc[];
  apiGraduatedFlat: TierDoc[];
  apiVolume: TierDoc[];
  storage: string;
  storageEnterprise: string;
  seats: TierDoc[];
  smsPackagePrice: string;
  smsMessage: string;
  compute: string;
  computeGraduated: TierDoc[];
  psArchitect: string;
  psConsultant: string;
  psGeneral: string;
  psGeneralEnterprise: string;
  support: string;
}

const t = (upTo: string | null, unitPrice: string, flatFee?: string): TierDoc =>
  flatFee === undefined ? { up_to: upTo, unit_price: unitPrice } : { up_to: upTo, unit_price: unitPrice, flat_fee: flatFee };

const PRICE_BOOKS: Record<string, PriceBook> = {
  USD: {
    fx: 1000, step: 10, digits: 2, apiUnit: '0.0015',
    apiGraduated: [t('100000', '0'), t('1000000', '0.002'), t(null, '0.001')],
    apiGraduatedFlat: [t('1000000', '0.0012', '0'), t('10000000', '0.0008', '250.00'), t(null, '0.0005', '500.00')],
    apiVolume: [t('250000', '0.002'), t('2500000', '0.0015'), t(null, '0.001')],
    storage: '0.10', storageEnterprise: '0.08',
    seats: [t('10', '30.00', '0'), t('50', '27.00', '0'), t(null, '24.00', '50.00')],
    smsPackagePrice: '8.00', smsMessage: '0.045', compute: '0.45',
    computeGraduated: [t('500', '0.50'), t('5000', '0.42'), t(null, '0.35', '100.00')],
    psArchitect: '220.00', psConsultant: '190.00', psGeneral: '165.00', psGeneralEnterprise: '180.00', support: '120.00',
  },
  EUR: {
    fx: 920, step: 10, digits: 2, apiUnit: '0.0014',
    apiGraduated: [t('100000', '0'), t('1000000', '0.0018'), t(null, '0.0009')],
    apiGraduatedFlat: [t('1000000', '0.0011', '0'), t('10000000', '0.00075', '230.00'), t(null, '0.00045', '460.00')],
    apiVolume: [t('250000', '0.0018'), t('2500000', '0.0014'), t(null, '0.0009')],
    storage: '0.09', storageEnterprise: '0.075',
    seats: [t('10', '28.00', '0'), t('50', '25.00', '0'), t(null, '22.00', '45.00')],
    smsPackagePrice: '7.50', smsMessage: '0.042', compute: '0.42',
    computeGraduated: [t('500', '0.46'), t('5000', '0.39'), t(null, '0.32', '90.00')],
    psArchitect: '205.00', psConsultant: '175.00', psGeneral: '150.00', psGeneralEnterprise: '165.00', support: '110.00',
  },
  GBP: {
    fx: 790, step: 10, digits: 2, apiUnit: '0.0012',
    apiGraduated: [t('100000', '0'), t('1000000', '0.0016'), t(null, '0.0008')],
    apiGraduatedFlat: [t('1000000', '0.00095', '0'), t('10000000', '0.00065', '200.00'), t(null, '0.0004', '400.00')],
    apiVolume: [t('250000', '0.0016'), t('2500000', '0.0012'), t(null, '0.0008')],
    storage: '0.08', storageEnterprise: '0.065',
    seats: [t('10', '24.00', '0'), t('50', '22.00', '0'), t(null, '19.00', '40.00')],
    smsPackagePrice: '6.50', smsMessage: '0.035', compute: '0.36',
    computeGraduated: [t('500', '0.40'), t('5000', '0.34'), t(null, '0.28', '80.00')],
    psArchitect: '175.00', psConsultant: '150.00', psGeneral: '135.00', psGeneralEnterprise: '145.00', support: '95.00',
  },
  CHF: {
    fx: 880, step: 10, digits: 2, apiUnit: '0.0013',
    apiGraduated: [t('100000', '0'), t('1000000', '0.0017'), t(null, '0.00085')],
    apiGraduatedFlat: [t('1000000', '0.001', '0'), t('10000000', '0.0007', '220.00'), t(null, '0.00042', '440.00')],
    apiVolume: [t('250000', '0.0017'), t('2500000', '0.0013'), t(null, '0.00085')],
    storage: '0.09', storageEnterprise: '0.07',
    seats: [t('10', '27.00', '0'), t('50', '24.00', '0'), t(null, '21.00', '45.00')],
    smsPackagePrice: '7.00', smsMessage: '0.04', compute: '0.40',
    computeGraduated: [t('500', '0.44'), t('5000', '0.37'), t(null, '0.31', '90.00')],
    psArchitect: '210.00', psConsultant: '180.00', psGeneral: '160.00', psGeneralEnterprise: '170.00', support: '115.00',
  },
  SEK: {
    fx: 10500, step: 100, digits: 2, apiUnit: '0.015',
    apiGraduated: [t('100000', '0'), t('1000000', '0.02'), t(null, '0.01')],
    apiGraduatedFlat: [t('1000000', '0.012', '0'), t('10000000', '0.008', '2500.00'), t(null, '0.005', '5000.00')],
    apiVolume: [t('250000', '0.02'), t('2500000', '0.015'), t(null, '0.01')],
    storage: '1.00', storageEnterprise: '0.80',
    seats: [t('10', '300.00', '0'), t('50', '280.00', '0'), t(null, '250.00', '500.00')],
    smsPackagePrice: '80.00', smsMessage: '0.45', compute: '4.50',
    computeGraduated: [t('500', '5.00'), t('5000', '4.20'), t(null, '3.50', '1000.00')],
    psArchitect: '2200.00', psConsultant: '1900.00', psGeneral: '1650.00', psGeneralEnterprise: '1800.00', support: '1200.00',
  },
  JPY: {
    fx: 150000, step: 1000, digits: 0, apiUnit: '0.2',
    apiGraduated: [t('100000', '0'), t('1000000', '0.3'), t(null, '0.15')],
    apiGraduatedFlat: [t('1000000', '0.18', '0'), t('10000000', '0.12', '37500'), t(null, '0.075', '75000')],
    apiVolume: [t('250000', '0.3'), t('2500000', '0.22'), t(null, '0.15')],
    storage: '15', storageEnterprise: '12',
    seats: [t('10', '4500', '0'), t('50', '4000', '0'), t(null, '3600', '7500')],
    smsPackagePrice: '1200', smsMessage: '7', compute: '65',
    computeGraduated: [t('500', '75'), t('5000', '63'), t(null, '52', '15000')],
    psArchitect: '33000', psConsultant: '28500', psGeneral: '25000', psGeneralEnterprise: '27000', support: '18000',
  },
  BHD: {
    fx: 377, step: 5, digits: 3, apiUnit: '0.0006',
    apiGraduated: [t('100000', '0'), t('1000000', '0.00075'), t(null, '0.0004')],
    apiGraduatedFlat: [t('1000000', '0.00045', '0'), t('10000000', '0.0003', '95.000'), t(null, '0.00019', '190.000')],
    apiVolume: [t('250000', '0.00075'), t('2500000', '0.00057'), t(null, '0.0004')],
    storage: '0.038', storageEnterprise: '0.030',
    seats: [t('10', '11.300', '0'), t('50', '10.200', '0'), t(null, '9.000', '19.000')],
    smsPackagePrice: '3.000', smsMessage: '0.017', compute: '0.170',
    computeGraduated: [t('500', '0.190'), t('5000', '0.160'), t(null, '0.130', '38.000')],
    psArchitect: '83.000', psConsultant: '72.000', psGeneral: '62.000', psGeneralEnterprise: '68.000', support: '45.000',
  },
};

/** The price book of a currency; an invalid code (the USDX typo) is priced from the USD book it was meant to be. */
function priceBook(currency: string): PriceBook {
  const book = PRICE_BOOKS[currency] ?? PRICE_BOOKS.USD;
  if (!book) throw new Error('price books are missing USD');
  return book;
}

/** A USD-equivalent amount in the agreement currency, rounded to the book's step, as money text. */
function convert(usd: number, book: PriceBook): string {
  const whole = Math.round((usd * book.fx) / 1000 / book.step) * book.step;
  return fixedDecimal(whole * 10 ** book.digits, book.digits);
}

const PLATFORM_USD: Record<Plan, [number, number]> = { starter: [290, 990], growth: [1500, 6000], enterprise: [12000, 36000] };
const PLAN_LABEL: Record<Plan, string> = { starter: 'Starter', growth: 'Growth', enterprise: 'Enterprise' };
const INCLUDED_GB: Record<Plan, string> = { starter: '100', growth: '500', enterprise: '2000' };
const ONBOARDING_USD: Record<Plan, number> = { starter: 750, growth: 2500, enterprise: 12000 };

function poNumber(spec: AccountSpec, prng: Prng): string {
  if (spec.currency === 'EUR' || spec.currency === 'CHF' || spec.currency === 'SEK') return `4500${prng.int(100000, 999999)}`;
  if (spec.currency === 'JPY') return `JP-${spec.start.slice(0, 4)}-${prng.int(100, 999)}`;
  return `PO-${prng.int(10000, 99999)}`;
}

function featureSet(spec: AccountSpec): Set<string> {
  return new Set(spec.features.split(/\s+/).filter((f) => f.length > 0));
}

/** The usage and hours charges a feature list describes. */
function charges(spec: AccountSpec, book: PriceBook, features: Set<string>): ChargeDoc[] {
  const out: ChargeDoc[] = [];
  const ent = spec.plan === 'enterprise';
  if (features.has('a:pu')) {
    out.push({ type: 'usage', metric: 'api_calls', description: 'API calls', model: 'per_unit', unit_price: book.apiUnit, included: '50000' });
  }
  if (features.has('a:g')) out.push({ type: 'usage', metric: 'api_calls', description: 'API calls', aggregation: 'sum', model: 'graduated', tiers: book.apiGraduated });
  if (features.has('a:gf')) out.push({ type: 'usage', metric: 'api_calls', description: 'API calls', aggregation: 'sum', model: 'graduated', tiers: book.apiGraduatedFlat });
  if (features.has('a:v')) out.push({ type: 'usage', metric: 'api_calls', description: 'API calls', aggregation: 'sum', model: 'volume', tiers: book.apiVolume });
  if (features.has('s')) {
    out.push({ type: 'usage', metric: 'storage_gb', description: 'Storage (peak GB)', aggregation: 'max', model: 'per_unit', unit_price: ent ? book.storageEnterprise : book.storage, included: INCLUDED_GB[spec.plan] });
  }
  if (features.has('s0')) out.push({ type: 'usage', metric: 'storage_gb', description: 'Storage (peak GB)', aggregation: 'max', model: 'per_unit', unit_price: book.storage });
  if (features.has('st')) out.push({ type: 'usage', metric: 'seats', description: 'Active seats', aggregation: 'last', model: 'volume', tiers: book.seats });
  if (features.has('k:p')) {
    out.push({ type: 'usage', metric: 'sms', description: 'SMS bundles of 1,000', model: 'package', package_size: '1000', package_price: book.smsPackagePrice });
  }
  if (features.has('k:c')) out.push({ type: 'usage', metric: 'sms', description: 'SMS messages (per message, any length)', aggregation: 'count', model: 'per_unit', unit_price: book.smsMessage });
  if (features.has('c:u')) out.push({ type: 'usage', metric: 'compute_hours', description: 'Compute hours', aggregation: 'sum', model: 'per_unit', unit_price: book.compute });
  if (features.has('c:g')) out.push({ type: 'usage', metric: 'compute_hours', description: 'Compute hours', aggregation: 'sum', model: 'graduated', tiers: book.computeGraduated });
  const general = ent ? book.psGeneralEnterprise : book.psGeneral;
  if (features.has('ps:r') || features.has('ps:rc')) {
    out.push({ type: 'hours', kind: 'professional_services', role: 'architect', description: 'Solution architect', rate: book.psArchitect, increment_minutes: 15 });
  }
  if (features.has('ps:rc')) {
    out.push({ type: 'hours', kind: 'professional_services', role: 'consultant', description: 'Implementation consultant', rate: book.psConsultant, increment_minutes: 15 });
  }
  if (features.has('ps:g') || features.has('ps:r') || features.has('ps:rc')) {
    out.push({ type: 'hours', kind: 'professional_services', description: 'Professional services', rate: general, increment_minutes: 15 });
  }
  if (features.has('su:i')) out.push({ type: 'hours', kind: 'support', description: 'Premium support', rate: book.support, increment_minutes: 6, included_hours: '10' });
  if (features.has('su:p')) out.push({ type: 'hours', kind: 'support', description: 'Support', rate: book.support, increment_minutes: 15 });
  if (features.has('su:6')) out.push({ type: 'hours', kind: 'support', description: 'Support', rate: book.support, increment_minutes: 6 });
  return out;
}

function buildAgreement(spec: AccountSpec, agreementId: string, overrides?: Partial<AccountSpec>): AgreementDoc {
  const s: AccountSpec = { ...spec, ...overrides };
  const prng = new Prng(deriveSeed('agreement', agreementId, s.code));
  const book = priceBook(s.currency);
  const features = featureSet(s);
  const [lo, hi] = PLATFORM_USD[s.plan];
  const platformUsd = Math.round(prng.logUniform(lo, hi));
  const platform = convert(platformUsd, book);
  const list: ChargeDoc[] = [{ type: 'recurring', code: 'platform', description: `Platform fee – ${PLAN_LABEL[s.plan]}`, amount: platform }];
  if (s.plan === 'enterprise') {
    list.push({ type: 'recurring', code: 'premium_sla', description: 'Premium SLA (99.95 %)', amount: convert(Math.round(platformUsd * 0.12), book) });
  }
  list.push(...charges(s, book, features));
  if (features.has('ob')) {
    list.push({ type: 'one_time', code: 'onboarding', description: 'Onboarding and data import', amount: convert(ONBOARDING_USD[s.plan], book), bill_on: s.start });
  }
  for (const o of s.oneTime ?? []) list.push({ type: 'one_time', code: o.code, description: o.description, amount: convert(o.usd, book), bill_on: o.billOn });
  const owner = s.owner === null ? null : OWNERS[s.owner];
  const po = s.po === undefined ? poNumber(s, prng) : s.po;
  return {
    agreement_id: agreementId,
    account_id: s.code,
    account_name: s.name,
    currency: s.currency,
    start_date: s.start,
    end_date: s.end ?? null,
    owner,
    po_number: po,
    bill_to: s.address === null ? null : [s.name, ...s.address].join('\n'),
    payment_terms_days: s.terms,
    tax_rate: s.tax,
    discount_percent: s.discount,
    minimum_commitment: s.minimumUsd === undefined ? '0' : convert(s.minimumUsd, book),
    deposit: s.deposit ?? '0',
    charges: list,
  };
}

export const FIRST_AGREEMENT_NUMBER = 1001;

/** Agreement id of the n-th account of the table (0-based). */
function idOf(index: number): string {
  return `AG-${FIRST_AGREEMENT_NUMBER + index}`;
}

/** Extra agreements, numbered after the table's. */
export const SILVERLINE_ADDON_ID = idOf(ACCOUNTS.length);
export const THAMES_RENEWAL_ID = idOf(ACCOUNTS.length + 1);

export function agreementIdOf(code: string): string {
  const index = ACCOUNTS.findIndex((a) => a.code === code);
  if (index < 0) throw new Error(`no demo account ${code}`);
  return idOf(index);
}

function specOf(code: string): AccountSpec {
  const spec = ACCOUNTS.find((a) => a.code === code);
  if (!spec) throw new Error(`no demo account ${code}`);
  return spec;
}

/** Every agreement of the book, ordered by agreement id. */
export function buildAgreements(): AgreementDoc[] {
  const list = ACCOUNTS.map((spec, i) => buildAgreement(spec, idOf(i)));
  // An add-on signed in September that prices api_calls again: overlapping_agreements.
  const silverline = specOf('SILVERLINE');
  const addon = buildAgreement(silverline, SILVERLINE_ADDON_ID, { start: '2026-09-01', features: 'a:v c:u', po: 'PO-77120' });
  const platform = addon.charges[0];
  if (platform?.type === 'recurring') {
    platform.code = 'analytics_addon';
    platform.description = 'Analytics add-on';
    platform.amount = '750.00';
  }
  list.push(addon);
  // THAMES: the two-year agreement ended 2026-08-15 and was renewed from 2026-08-16 with services added.
  const thames = specOf('THAMES');
  list.push(buildAgreement(thames, THAMES_RENEWAL_ID, { start: '2026-08-16', end: undefined, features: 'a:g s st ps:g su:p', po: 'PO-TVHT-2026-031' }));
  addBillCycleTerms(list);
  return list;
}
