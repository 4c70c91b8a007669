import { awaitingDataPage, sectionMetadata } from "@/components/dashboard/awaiting-data";

export const metadata = sectionMetadata("vitals");
export default awaitingDataPage("vitals");
