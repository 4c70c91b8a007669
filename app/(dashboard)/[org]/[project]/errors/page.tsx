import { awaitingDataPage, sectionMetadata } from "@/components/dashboard/awaiting-data";

export const metadata = sectionMetadata("errors");
export default awaitingDataPage("errors");
