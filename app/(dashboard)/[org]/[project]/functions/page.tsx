import { awaitingDataPage, sectionMetadata } from "@/components/dashboard/awaiting-data";

export const metadata = sectionMetadata("functions");
export default awaitingDataPage("functions");
